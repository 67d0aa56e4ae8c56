package dev.taskflow.query.api;

import java.util.List;

public record ProjectPage(List<ProjectView> items, int page, int size, long totalItems) {
}
