package dev.taskflow.query.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** The order of a task list: a field and a direction; ties are broken by task id in the same direction. */
public record TaskSort(Field field, boolean ascending) {

    /** Newest first, the order of every list unless asked otherwise. */
    public static final TaskSort DEFAULT = new TaskSort(Field.CREATED_AT, false);

    public TaskSort {
        Objects.requireNonNull(field, "field");
    }

    public enum Field {
        CREATED_AT("createdAt"),
        UPDATED_AT("updatedAt"),
        TITLE("title");

        private final String parameter;

        Field(String parameter) {
            this.parameter = parameter;
        }

        /** The name in the {@code sort} parameter and in the JSON of a task. */
        public String parameter() {
            return parameter;
        }

        public static Optional<Field> forParameter(String name) {
            return Arrays.stream(values()).filter(f -> f.parameter.equals(name)).findFirst();
        }
    }
}
