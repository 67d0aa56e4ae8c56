package dev.taskflow.workflow.admission;

/** A command names a user (an assignee, say) who is not a member of the task's organization. */
public class NotAMemberException extends RuntimeException {

    private final String field;

    public NotAMemberException(String field, String userId) {
        super(field + ": user " + userId + " is not a member of this organization");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
