package dev.taskflow.query.api;

/**
 * The number of tasks per status in one project of one organization; answered with
 * {@code Optional<ProjectTaskCounts>}, empty when the organization has no such project.
 */
public record CountTasksByStatusQuery(String organizationId, String projectId) {
}
