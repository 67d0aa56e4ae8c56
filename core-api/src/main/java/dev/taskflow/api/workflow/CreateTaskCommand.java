package dev.taskflow.api.workflow;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateTaskCommand(
        @TargetAggregateIdentifier String taskId,
        String organizationId,
        String projectId,
        String title,
        String description,
        String requestedBy,
        Instant requestedAt) {
}
