package dev.taskflow.workflow.task;

/** A command carries a value the task cannot take; the message starts with the field's name. */
public class InvalidTaskFieldException extends RuntimeException {

    private final String field;

    public InvalidTaskFieldException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
