package dev.taskflow.query.api;

import java.util.List;

public record TaskDetailsPage(List<TaskDetails> items, int page, int size, long totalItems) {
}
