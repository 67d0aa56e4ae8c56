package dev.taskflow.workflow.project.web;

import java.time.Instant;

record ProjectCreatedResponse(String projectId, String organizationId, String name, String createdBy,
                              Instant createdAt) {
}
