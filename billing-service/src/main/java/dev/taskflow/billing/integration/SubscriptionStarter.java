package dev.taskflow.billing.integration;

import dev.taskflow.api.billing.StartSubscriptionCommand;
import dev.taskflow.api.organization.OrganizationCreatedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Starts a FREE subscription for every organization created. Fed from Kafka by a tracking processor;
 * at-least-once delivery is fine because starting an existing subscription is a no-op. The command
 * inherits the envelope's correlationId/userId (Axon correlation data), so the resulting
 * EntitlementsUpdated envelope traces back to the organization's creation.
 */
@Component
@ProcessingGroup(SubscriptionStarter.GROUP)
public class SubscriptionStarter {

    public static final String GROUP = "billing-subscription-starter";

    private final CommandGateway commandGateway;

    SubscriptionStarter(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    @EventHandler
    void on(OrganizationCreatedEvent event) {
        commandGateway.sendAndWait(new StartSubscriptionCommand(event.organizationId()));
    }
}
