package dev.taskflow.api.billing;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Starts an organization's subscription on the lowest plan. Idempotent: a no-op when the organization
 * already has a subscription (whatever its plan).
 */
public record StartSubscriptionCommand(
        @TargetAggregateIdentifier String organizationId) {
}
