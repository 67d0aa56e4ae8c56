package dev.taskflow.notification.projection;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.workflow.TaskAssignedEvent;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import dev.taskflow.support.deadletter.DeadLetteringProcessors;
import java.util.List;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * One tracking processor ({@value NotificationProjection#GROUP}) over {@code workflow.task.assigned} and
 * {@code workflow.task.completed}. Tracking, not pooled streaming (see the stack notes).
 * <p>
 * A failing event is retried with back-off ({@code taskflow.consumer.*}), then dead-lettered (Axon's JPA
 * queue and the topic {@code notification.dlq}). Dead-letter sequence: the task ({@code task:<taskId>}),
 * so a later event of a task waits behind a parked one and its notifications keep their order.
 */
@Configuration(proxyBeanMethods = false)
class NotificationProcessingConfiguration {

    static final List<String> TOPICS = List.of(Topics.WORKFLOW_TASK_ASSIGNED, Topics.WORKFLOW_TASK_COMPLETED);

    @Autowired
    void register(EventProcessingConfigurer processing, DeadLetteringProcessors deadLettering) {
        deadLettering.registerTrackingProcessor(processing, NotificationProjection.GROUP, TOPICS,
                NotificationProcessingConfiguration::sequenceOf);
    }

    static String sequenceOf(Object payload) {
        if (payload instanceof TaskAssignedEvent assigned) {
            return "task:" + assigned.taskId();
        }
        if (payload instanceof TaskCompletedEvent completed) {
            return "task:" + completed.taskId();
        }
        return null;
    }
}
