package dev.taskflow.workflow.task.web;

import dev.taskflow.api.workflow.TaskPriority;
import dev.taskflow.support.web.EnumName;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code priority} is optional (NORMAL); text, so that an unknown value is a 400 naming the field. */
record CreateTaskRequest(
        @NotBlank @Size(max = 64) String projectId,
        @NotBlank @Size(max = 200) String title,
        @Size(max = 4000) String description,
        @EnumName(TaskPriority.class) String priority) {

    TaskPriority priorityOrDefault() {
        return priority == null || priority.isBlank() ? TaskPriority.NORMAL : TaskPriority.valueOf(priority);
    }
}
