package dev.taskflow.api.organization;

import dev.taskflow.api.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds a member, or changes an existing member's role; {@code requestedBy} must be OWNER or ADMIN. */
public record AddMemberCommand(
        @TargetAggregateIdentifier String organizationId,
        String userId,
        Role role,
        String requestedBy) {
}
