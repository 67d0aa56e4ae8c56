package dev.taskflow.workflow.entitlement;

import dev.taskflow.api.billing.EntitlementsUpdatedEvent;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.support.deadletter.DeadLetteringProcessors;
import java.util.List;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The entitlement cache reads {@code billing.entitlements.updated}; an update that cannot be applied is
 * dead-lettered ({@code workflow.dlq}) with the organization as its sequence, so later updates of that
 * organization wait behind it and its last applied plan (or the lowest) stays in force meanwhile.
 */
@Configuration(proxyBeanMethods = false)
class EntitlementConfiguration {

    @Autowired
    void register(EventProcessingConfigurer processing, DeadLetteringProcessors deadLettering) {
        deadLettering.registerTrackingProcessor(processing, EntitlementProjection.GROUP,
                List.of(Topics.BILLING_ENTITLEMENTS_UPDATED),
                payload -> payload instanceof EntitlementsUpdatedEvent event
                        ? "organization:" + event.organizationId() : null);
    }
}
