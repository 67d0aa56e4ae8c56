package dev.taskflow.api.query;

public record FindTaskQuery(String organizationId, String taskId) {
}
