package dev.taskflow.api.billing;

import dev.taskflow.api.Plan;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Moves an organization to {@code plan}, starting its subscription if there is none yet. */
public record ChangePlanCommand(
        @TargetAggregateIdentifier String organizationId,
        Plan plan,
        String requestedBy) {
}
