package dev.taskflow.query.api;

/** One task of one organization, with its lifecycle fields; answered with {@code Optional<TaskDetails>}. */
public record FindTaskDetailsQuery(String organizationId, String taskId) {
}
