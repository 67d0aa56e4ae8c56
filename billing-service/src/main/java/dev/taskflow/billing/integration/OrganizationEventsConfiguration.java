package dev.taskflow.billing.integration;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.support.messaging.KafkaSources;
import java.util.List;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/** The subscription starter reads {@code organization.organization.created} with a tracking processor. */
@Configuration(proxyBeanMethods = false)
class OrganizationEventsConfiguration {

    @Autowired
    void registerSubscriptionStarter(EventProcessingConfigurer processing, KafkaSources kafkaSources) {
        processing.registerTrackingEventProcessor(SubscriptionStarter.GROUP,
                c -> kafkaSources.forTopics(List.of(Topics.ORGANIZATION_CREATED)));
    }
}
