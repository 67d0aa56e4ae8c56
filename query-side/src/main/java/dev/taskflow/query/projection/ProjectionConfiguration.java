package dev.taskflow.query.projection;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskArchivedEvent;
import dev.taskflow.api.workflow.TaskAssignedEvent;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.api.workflow.TaskEditedEvent;
import dev.taskflow.api.workflow.TaskReopenedEvent;
import dev.taskflow.api.workflow.TaskUnassignedEvent;
import dev.taskflow.support.deadletter.DeadLetteringProcessors;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * One tracking processor ({@value WorkflowViewProjection#GROUP}) reads every workflow topic. Tracking,
 * not pooled streaming: pooled processors on a Kafka source lost events (see the stack notes). Its
 * token lives in this service's token_entry table and commits with the view rows.
 * <p>
 * A failing event is retried with back-off ({@code taskflow.consumer.*}), then dead-lettered (Axon's JPA
 * queue and the topic {@code query.dlq}). Dead-letter sequence: the row the event writes,
 * {@code task:<taskId>} or {@code project:<projectId>}; events of that task or project that arrive after
 * a dead-lettered one wait behind it. Arrival order is not the order the events happened in (one topic
 * per event type): the aggregate sequence restores that (see {@link WorkflowViewProjection}).
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    @Autowired
    void register(EventProcessingConfigurer processing, DeadLetteringProcessors deadLettering) {
        deadLettering.registerTrackingProcessor(processing, WorkflowViewProjection.GROUP, Topics.WORKFLOW,
                ProjectionConfiguration::sequenceOf);
    }

    static String sequenceOf(Object payload) {
        String taskId = taskIdOf(payload);
        if (taskId != null) {
            return "task:" + taskId;
        }
        if (payload instanceof ProjectCreatedEvent project) {
            return "project:" + project.projectId();
        }
        return null;
    }

    private static String taskIdOf(Object payload) {
        if (payload instanceof TaskCreatedEvent e) {
            return e.taskId();
        }
        if (payload instanceof TaskEditedEvent e) {
            return e.taskId();
        }
        if (payload instanceof TaskAssignedEvent e) {
            return e.taskId();
        }
        if (payload instanceof TaskUnassignedEvent e) {
            return e.taskId();
        }
        if (payload instanceof TaskCompletedEvent e) {
            return e.taskId();
        }
        if (payload instanceof TaskReopenedEvent e) {
            return e.taskId();
        }
        if (payload instanceof TaskArchivedEvent e) {
            return e.taskId();
        }
        return null;
    }
}
