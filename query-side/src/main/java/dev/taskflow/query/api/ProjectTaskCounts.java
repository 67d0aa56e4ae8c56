package dev.taskflow.query.api;

import java.util.Map;

/** Tasks of one project per status: every status is a key (zero when none), {@code total} is their sum. */
public record ProjectTaskCounts(String projectId, Map<String, Long> counts, long total) {
}
