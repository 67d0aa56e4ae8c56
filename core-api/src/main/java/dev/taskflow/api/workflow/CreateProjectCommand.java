package dev.taskflow.api.workflow;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateProjectCommand(
        @TargetAggregateIdentifier String projectId,
        String organizationId,
        String name,
        String requestedBy) {
}
