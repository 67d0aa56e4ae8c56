package dev.taskflow.api.organization;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates an organization; {@code ownerUserId} becomes its first OWNER. */
public record CreateOrganizationCommand(
        @TargetAggregateIdentifier String organizationId,
        String name,
        String ownerUserId) {
}
