package dev.taskflow.workflow.task;

/**
 * No such task in the caller's organization. A task of another organization is reported exactly like a
 * task that does not exist, so its existence does not leak across tenants.
 */
public class TaskNotFoundException extends RuntimeException {

    public TaskNotFoundException(String taskId) {
        super("Task " + taskId + " not found");
    }
}
