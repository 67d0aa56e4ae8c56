package dev.taskflow.analytics.daily;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.support.messaging.KafkaSources;
import java.util.List;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * One tracking processor ({@value TasksPerDayProjection#GROUP}) on {@code workflow.task.created}.
 * Tracking, not pooled streaming (pooled processors on a Kafka source lost events, see the stack notes).
 */
@Configuration(proxyBeanMethods = false)
class AnalyticsProcessingConfiguration {

    @Autowired
    void register(EventProcessingConfigurer processing, KafkaSources kafkaSources) {
        processing.registerTrackingEventProcessor(TasksPerDayProjection.GROUP,
                c -> kafkaSources.forTopics(List.of(Topics.WORKFLOW_TASK_CREATED)));
    }
}
