package dev.taskflow.query.projection;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.support.deadletter.DeadLetteringProcessors;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * One tracking processor ({@value WorkflowViewProjection#GROUP}) reads both workflow topics. Tracking,
 * not pooled streaming: pooled processors on a Kafka source lost events (see the stack notes). Its
 * token lives in this service's token_entry table and commits with the view rows.
 * <p>
 * A failing event is retried with back-off ({@code taskflow.consumer.*}), then dead-lettered (Axon's JPA
 * queue and the topic {@code query.dlq}). Dead-letter sequence: the row the event writes,
 * {@code task:<taskId>} or {@code project:<projectId>}; later events of that task or project wait behind
 * a dead-lettered one, so a view row never sees its events out of order.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    @Autowired
    void register(EventProcessingConfigurer processing, DeadLetteringProcessors deadLettering) {
        deadLettering.registerTrackingProcessor(processing, WorkflowViewProjection.GROUP, Topics.WORKFLOW,
                ProjectionConfiguration::sequenceOf);
    }

    static String sequenceOf(Object payload) {
        if (payload instanceof TaskCreatedEvent task) {
            return "task:" + task.taskId();
        }
        if (payload instanceof ProjectCreatedEvent project) {
            return "project:" + project.projectId();
        }
        return null;
    }
}
