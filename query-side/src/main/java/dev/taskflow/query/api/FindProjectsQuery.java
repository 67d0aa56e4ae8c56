package dev.taskflow.query.api;

/** The projects of one organization, newest first; local to this service (no other service asks it). */
public record FindProjectsQuery(String organizationId, int page, int size) {
}
