package dev.taskflow.query.web;

import dev.taskflow.api.workflow.TaskStatus;
import dev.taskflow.query.api.TaskSort;
import dev.taskflow.support.web.ApiProblem;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Parsing of the {@code status} and {@code sort} parameters of the task lists; 400 naming the parameter. */
final class TaskListParameters {

    private static final String STATUSES = Arrays.stream(TaskStatus.values()).map(Enum::name)
            .collect(Collectors.joining(", "));
    private static final String FIELDS = Arrays.stream(TaskSort.Field.values()).map(TaskSort.Field::parameter)
            .collect(Collectors.joining(", "));

    private TaskListParameters() {
    }

    /**
     * {@code status=OPEN,COMPLETED} or {@code status=OPEN&status=COMPLETED}, any case; empty when absent
     * (the query then applies its default).
     */
    static Set<TaskStatus> statuses(List<String> values) {
        Set<TaskStatus> statuses = EnumSet.noneOf(TaskStatus.class);
        if (values == null) {
            return statuses;
        }
        for (String value : values) {
            for (String part : value.split(",")) {
                String name = part.trim();
                if (name.isEmpty()) {
                    continue;
                }
                statuses.add(status(name).orElseThrow(() -> ApiProblem.badRequest(
                        "Parameter 'status' must be one or more of " + STATUSES + ", was '" + name + "'")));
            }
        }
        return statuses;
    }

    /**
     * {@code <field>} or {@code <field>,asc|desc}; the field is createdAt, updatedAt or title. Without a
     * direction: newest first for the two times, A to Z for the title. Absent: {@link TaskSort#DEFAULT}.
     */
    static TaskSort sort(String value) {
        if (value == null || value.isBlank()) {
            return TaskSort.DEFAULT;
        }
        String[] parts = value.split(",", -1);
        if (parts.length > 2) {
            throw invalidSort(value);
        }
        TaskSort.Field field = TaskSort.Field.forParameter(parts[0].trim()).orElseThrow(() -> invalidSort(value));
        if (parts.length == 1) {
            return new TaskSort(field, field == TaskSort.Field.TITLE);
        }
        return switch (parts[1].trim().toLowerCase(Locale.ROOT)) {
            case "asc" -> new TaskSort(field, true);
            case "desc" -> new TaskSort(field, false);
            default -> throw invalidSort(value);
        };
    }

    private static Optional<TaskStatus> status(String name) {
        return Arrays.stream(TaskStatus.values()).filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }

    private static ApiProblem invalidSort(String value) {
        return ApiProblem.badRequest("Parameter 'sort' must be one of " + FIELDS
                + ", optionally followed by ',asc' or ',desc'; was '" + value + "'");
    }
}
