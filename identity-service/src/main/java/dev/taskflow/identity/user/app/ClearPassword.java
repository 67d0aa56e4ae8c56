package dev.taskflow.identity.user.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;

/**
 * A password as the user typed it. A type of its own rather than a String so that no toString, log
 * line or validation message (Spring prints rejected values at DEBUG) can ever show it; only the
 * hasher in this package reads the characters.
 */
public final class ClearPassword {

    private final String value;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ClearPassword(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Length in Unicode code points, so a policy counts what the user sees as characters. */
    public int length() {
        return value.codePointCount(0, value.length());
    }

    String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "ClearPassword[****]";
    }
}
