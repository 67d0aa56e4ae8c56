package dev.taskflow.api.workflow;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes the task's assignee. */
public record UnassignTaskCommand(
        @TargetAggregateIdentifier String taskId,
        String organizationId,
        String requestedBy,
        Instant requestedAt) {
}
