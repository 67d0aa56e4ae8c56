package dev.taskflow.billing.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.taskflow.api.Plan;
import dev.taskflow.api.billing.ChangePlanCommand;
import dev.taskflow.api.billing.EntitlementsUpdatedEvent;
import dev.taskflow.api.billing.StartSubscriptionCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An organization's subscription; its identifier is the organizationId. Both commands create the
 * subscription when it is missing, so the order in which OrganizationCreated (from Kafka) and a plan
 * change (from HTTP) arrive does not matter. Every change of plan is an {@link EntitlementsUpdatedEvent}
 * carrying the plan's limits.
 */
@Aggregate
public class Subscription {

    @AggregateIdentifier
    private String organizationId;
    private Plan plan;

    protected Subscription() {
        // for Axon
    }

    /** Starts on the lowest plan; a no-op when the subscription exists (replays, duplicates, late arrival). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(StartSubscriptionCommand command) {
        if (plan != null) {
            return;
        }
        requireOrganization(command.organizationId());
        apply(entitlements(command.organizationId(), Plan.lowest()));
    }

    /** Moves to the requested plan; asking for the current plan again is a no-op. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChangePlanCommand command) {
        if (command.plan() == null) {
            throw new IllegalArgumentException("plan is required");
        }
        if (command.plan() == plan) {
            return;
        }
        requireOrganization(command.organizationId());
        apply(entitlements(command.organizationId(), command.plan()));
    }

    @EventSourcingHandler
    void on(EntitlementsUpdatedEvent event) {
        organizationId = event.organizationId();
        plan = event.plan();
    }

    private static EntitlementsUpdatedEvent entitlements(String organizationId, Plan plan) {
        // Axon's event clock: the system clock in production, the fixture's simulated time in tests
        return new EntitlementsUpdatedEvent(organizationId, plan, plan.maxProjects(), plan.maxTasks(),
                GenericEventMessage.clock.instant());
    }

    private static void requireOrganization(String organizationId) {
        if (organizationId == null || organizationId.isBlank()) {
            throw new IllegalArgumentException("organizationId must not be blank");
        }
    }
}
