package dev.taskflow.api.workflow;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Changes a task's title and/or description; a {@code null} field is left as it is. */
public record EditTaskCommand(
        @TargetAggregateIdentifier String taskId,
        String organizationId,
        String title,
        String description,
        String requestedBy,
        Instant requestedAt) {
}
