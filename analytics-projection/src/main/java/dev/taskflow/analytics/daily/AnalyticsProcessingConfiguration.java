package dev.taskflow.analytics.daily;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.support.deadletter.DeadLetteringProcessors;
import java.util.List;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * One tracking processor ({@value TasksPerDayProjection#GROUP}) on {@code workflow.task.created}.
 * Tracking, not pooled streaming (pooled processors on a Kafka source lost events, see the stack notes).
 * <p>
 * A failing event is retried with back-off ({@code taskflow.consumer.*}), then dead-lettered (Axon's JPA
 * queue and the topic {@code analytics.dlq}). Dead-letter sequence: the task ({@code task:<taskId>}),
 * so any later event of a task waits behind its dead-lettered creation; counts of other tasks go on.
 */
@Configuration(proxyBeanMethods = false)
class AnalyticsProcessingConfiguration {

    @Autowired
    void register(EventProcessingConfigurer processing, DeadLetteringProcessors deadLettering) {
        deadLettering.registerTrackingProcessor(processing, TasksPerDayProjection.GROUP,
                List.of(Topics.WORKFLOW_TASK_CREATED), AnalyticsProcessingConfiguration::sequenceOf);
    }

    static String sequenceOf(Object payload) {
        return payload instanceof TaskCreatedEvent task ? "task:" + task.taskId() : null;
    }
}
