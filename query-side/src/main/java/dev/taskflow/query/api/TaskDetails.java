package dev.taskflow.query.api;

import java.time.Instant;

/**
 * A task as the HTTP endpoints show it: the published {@code TaskView} fields (taskId … createdAt) plus
 * what the lifecycle adds. {@code assigneeId} and {@code completedAt} are {@code null} when the task has no
 * assignee or is not completed; {@code updatedAt} is the time of the task's newest event ({@code createdAt}
 * until it changes).
 */
public record TaskDetails(
        String taskId,
        String organizationId,
        String projectId,
        String title,
        String status,
        String createdBy,
        Instant createdAt,
        String description,
        String assigneeId,
        Instant updatedAt,
        Instant completedAt) {
}
