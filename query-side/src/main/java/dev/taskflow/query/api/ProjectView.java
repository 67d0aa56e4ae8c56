package dev.taskflow.query.api;

import java.time.Instant;

public record ProjectView(String projectId, String organizationId, String name, String createdBy, Instant createdAt) {
}
