package dev.taskflow.workflow.task.web;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /workflow/tasks/{taskId}}: a field that is absent (or null) stays as it is; an empty
 * description removes the description. At least one of the two must be given.
 */
record EditTaskRequest(
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Size(max = 200) String title,
        @Size(max = 4000) String description) {
}
