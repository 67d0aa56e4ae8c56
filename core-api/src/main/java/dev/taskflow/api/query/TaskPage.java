package dev.taskflow.api.query;

import java.util.List;

public record TaskPage(List<TaskView> items, int page, int size, long totalItems) {
}
