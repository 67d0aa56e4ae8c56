package dev.taskflow.api.query;

public record FindTasksQuery(String organizationId, String projectId, int page, int size) {
}
