package dev.taskflow.billing.integration;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.organization.OrganizationCreatedEvent;
import dev.taskflow.support.deadletter.DeadLetteringProcessors;
import java.util.List;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The subscription starter reads {@code organization.organization.created} with a tracking processor; an
 * organization whose subscription cannot be started is dead-lettered ({@code billing.dlq}) and keeps the
 * lowest plan, which is what the command side assumes without entitlements.
 */
@Configuration(proxyBeanMethods = false)
class OrganizationEventsConfiguration {

    @Autowired
    void registerSubscriptionStarter(EventProcessingConfigurer processing, DeadLetteringProcessors deadLettering) {
        deadLettering.registerTrackingProcessor(processing, SubscriptionStarter.GROUP,
                List.of(Topics.ORGANIZATION_CREATED),
                payload -> payload instanceof OrganizationCreatedEvent event
                        ? "organization:" + event.organizationId() : null);
    }
}
