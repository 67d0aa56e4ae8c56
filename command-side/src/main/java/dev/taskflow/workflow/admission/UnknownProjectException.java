package dev.taskflow.workflow.admission;

/** A task names a project that does not exist in the caller's organization. */
public class UnknownProjectException extends RuntimeException {

    public UnknownProjectException(String projectId) {
        super("No project " + projectId + " in this organization");
    }
}
