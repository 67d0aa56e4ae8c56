package dev.taskflow.workflow.task.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record CreateTaskRequest(
        @NotBlank @Size(max = 64) String projectId,
        @NotBlank @Size(max = 200) String title,
        @Size(max = 4000) String description) {
}
