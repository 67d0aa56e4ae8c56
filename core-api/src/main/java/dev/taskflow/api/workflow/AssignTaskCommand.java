package dev.taskflow.api.workflow;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Assigns a task to a member of its organization (the web layer checks the membership). */
public record AssignTaskCommand(
        @TargetAggregateIdentifier String taskId,
        String organizationId,
        String assigneeId,
        String requestedBy,
        Instant requestedAt) {
}
