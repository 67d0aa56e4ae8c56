package dev.taskflow.identity.signin.app;

import java.time.Duration;

/** Sign-in is refused without looking at the password, for at least {@link #retryAfter()}. */
public class SignInLockedException extends RuntimeException {

    private final Duration retryAfter;

    SignInLockedException(Duration retryAfter) {
        super("too many failed sign-in attempts");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
