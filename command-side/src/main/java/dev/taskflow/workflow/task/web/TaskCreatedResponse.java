package dev.taskflow.workflow.task.web;

import dev.taskflow.api.workflow.TaskPriority;
import java.time.Instant;

record TaskCreatedResponse(String taskId, String organizationId, String projectId, String title, String status,
                           String createdBy, Instant createdAt, TaskPriority priority) {
}
