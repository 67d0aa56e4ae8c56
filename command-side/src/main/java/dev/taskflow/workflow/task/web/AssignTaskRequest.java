package dev.taskflow.workflow.task.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code PUT /workflow/tasks/{taskId}/assignee}: a user id, who must be a member of the organization. */
record AssignTaskRequest(@NotBlank @Size(max = 64) String assigneeId) {
}
