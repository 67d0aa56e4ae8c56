package dev.taskflow.api.workflow;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Marks an open task as done. */
public record CompleteTaskCommand(
        @TargetAggregateIdentifier String taskId,
        String organizationId,
        String requestedBy,
        Instant requestedAt) {
}
