package dev.taskflow.analytics.daily;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.api.workflow.TaskReopenedEvent;
import dev.taskflow.support.deadletter.DeadLetteringProcessors;
import java.util.List;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * One tracking processor ({@value TasksPerDayProjection#GROUP}) on {@code workflow.task.created},
 * {@code .completed} and {@code .reopened}.
 * Tracking, not pooled streaming (pooled processors on a Kafka source lost events, see the stack notes).
 * <p>
 * A failing event is retried with back-off ({@code taskflow.consumer.*}), then dead-lettered (Axon's JPA
 * queue and the topic {@code analytics.dlq}). Dead-letter sequence: the task ({@code task:<taskId>}),
 * so an event of a task that arrives after one of its dead-lettered events waits behind it; counts of other
 * tasks go on.
 */
@Configuration(proxyBeanMethods = false)
class AnalyticsProcessingConfiguration {

    @Autowired
    void register(EventProcessingConfigurer processing, DeadLetteringProcessors deadLettering) {
        deadLettering.registerTrackingProcessor(processing, TasksPerDayProjection.GROUP,
                List.of(Topics.WORKFLOW_TASK_CREATED, Topics.WORKFLOW_TASK_COMPLETED, Topics.WORKFLOW_TASK_REOPENED),
                AnalyticsProcessingConfiguration::sequenceOf);
    }

    static String sequenceOf(Object payload) {
        if (payload instanceof TaskCreatedEvent task) {
            return "task:" + task.taskId();
        }
        if (payload instanceof TaskCompletedEvent task) {
            return "task:" + task.taskId();
        }
        if (payload instanceof TaskReopenedEvent task) {
            return "task:" + task.taskId();
        }
        return null;
    }
}
