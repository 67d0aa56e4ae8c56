package dev.taskflow.api.workflow;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens a completed task again. */
public record ReopenTaskCommand(
        @TargetAggregateIdentifier String taskId,
        String organizationId,
        String requestedBy,
        Instant requestedAt) {
}
