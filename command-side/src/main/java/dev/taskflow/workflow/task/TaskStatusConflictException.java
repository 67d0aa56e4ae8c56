package dev.taskflow.workflow.task;

import dev.taskflow.api.workflow.TaskStatus;

/** The task's current status does not allow the command (complete a completed task, change an archived one …). */
public class TaskStatusConflictException extends RuntimeException {

    private final TaskStatus status;

    public TaskStatusConflictException(TaskStatus status, String detail) {
        super(detail);
        this.status = status;
    }

    public TaskStatus status() {
        return status;
    }
}
