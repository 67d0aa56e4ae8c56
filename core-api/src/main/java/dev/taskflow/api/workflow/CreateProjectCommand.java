package dev.taskflow.api.workflow;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateProjectCommand(
        @TargetAggregateIdentifier String projectId,
        String organizationId,
        String name,
        String requestedBy,
        Instant requestedAt) {
}
