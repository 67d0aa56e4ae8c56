package dev.taskflow.workflow.task;

import dev.taskflow.api.workflow.TaskPriority;
import dev.taskflow.api.workflow.TaskStatus;

/**
 * A task as its aggregate sees it right after a command: what the lifecycle endpoints answer.
 * {@code version} is the aggregate's version, the sequence number of its last event (0 right after
 * creation); a command that changed nothing leaves it as it was.
 */
public record TaskState(String taskId, String organizationId, String projectId, String title, String description,
                        TaskStatus status, String assigneeId, TaskPriority priority, long version) {
}
