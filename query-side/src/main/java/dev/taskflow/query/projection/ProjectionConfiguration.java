package dev.taskflow.query.projection;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.support.messaging.KafkaSources;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * One tracking processor ({@value WorkflowViewProjection#GROUP}) reads both workflow topics. Tracking,
 * not pooled streaming: pooled processors on a Kafka source lost events (see the stack notes). Its
 * token lives in this service's token_entry table and commits with the view rows.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    @Autowired
    void register(EventProcessingConfigurer processing, KafkaSources kafkaSources) {
        processing.registerTrackingEventProcessor(WorkflowViewProjection.GROUP,
                c -> kafkaSources.forTopics(Topics.WORKFLOW));
    }
}
