package dev.taskflow.api.organization;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes a member; {@code requestedBy} must be OWNER or ADMIN, and the last OWNER stays. */
public record RemoveMemberCommand(
        @TargetAggregateIdentifier String organizationId,
        String userId,
        String requestedBy) {
}
