package dev.taskflow.workflow.entitlement;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.support.messaging.KafkaSources;
import java.util.List;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EntitlementConfiguration {

    @Autowired
    void register(EventProcessingConfigurer processing, KafkaSources sources) {
        processing.registerTrackingEventProcessor(EntitlementProjection.GROUP,
                c -> sources.forTopics(List.of(Topics.BILLING_ENTITLEMENTS_UPDATED)));
    }
}
