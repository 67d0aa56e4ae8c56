package dev.taskflow.api.query;

import java.time.Instant;

public record TaskView(
        String taskId,
        String organizationId,
        String projectId,
        String title,
        String status,
        String createdBy,
        Instant createdAt) {
}
