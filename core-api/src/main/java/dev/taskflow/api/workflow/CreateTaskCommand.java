package dev.taskflow.api.workflow;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates a task in a project; {@code priority} may be null (NORMAL). */
public record CreateTaskCommand(
        @TargetAggregateIdentifier String taskId,
        String organizationId,
        String projectId,
        String title,
        String description,
        String requestedBy,
        Instant requestedAt,
        TaskPriority priority) {

    public CreateTaskCommand {
        priority = priority == null ? TaskPriority.NORMAL : priority;
    }

    /** Without a priority: NORMAL (the shape from before TaskCreated v2). */
    public CreateTaskCommand(String taskId, String organizationId, String projectId, String title, String description,
                             String requestedBy, Instant requestedAt) {
        this(taskId, organizationId, projectId, title, description, requestedBy, requestedAt, TaskPriority.NORMAL);
    }
}
