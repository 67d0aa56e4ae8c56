package dev.taskflow.query.api;

import dev.taskflow.api.workflow.TaskStatus;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A page of the tasks of one organization; answered with {@link TaskDetailsPage}. {@code projectId} and
 * {@code assigneeId} narrow the list when not {@code null}; {@code statuses} is never empty.
 */
public record SearchTasksQuery(String organizationId, String projectId, String assigneeId, Set<TaskStatus> statuses,
                               TaskSort sort, int page, int size) {

    /**
     * The statuses a list shows unless the caller names some: archived tasks are put away, so they are
     * listed only when asked for.
     */
    public static final Set<TaskStatus> DEFAULT_STATUSES = Set.copyOf(EnumSet.of(TaskStatus.OPEN, TaskStatus.COMPLETED));

    public SearchTasksQuery {
        Objects.requireNonNull(organizationId, "organizationId");
        statuses = statuses == null || statuses.isEmpty() ? DEFAULT_STATUSES : Set.copyOf(statuses);
        sort = sort == null ? TaskSort.DEFAULT : sort;
    }
}
