package dev.taskflow.audit.trail;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.support.messaging.KafkaSources;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * One tracking processor ({@value AuditTrailProjection#GROUP}) over every integration topic. Tracking,
 * not pooled streaming (pooled processors on a Kafka source lost events, see the stack notes).
 */
@Configuration(proxyBeanMethods = false)
class AuditProcessingConfiguration {

    @Autowired
    void register(EventProcessingConfigurer processing, KafkaSources kafkaSources) {
        processing.registerTrackingEventProcessor(AuditTrailProjection.GROUP, c -> kafkaSources.forTopics(Topics.ALL));
    }
}
