package dev.taskflow.workflow.project.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record CreateProjectRequest(@NotBlank @Size(max = 100) String name) {
}
