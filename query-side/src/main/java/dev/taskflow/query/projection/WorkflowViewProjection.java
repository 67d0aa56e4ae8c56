package dev.taskflow.query.projection;

import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the task and project views in step with the workflow topics. The rows and the processor's
 * token commit in one transaction; on top of that every write is an insert that does nothing when the
 * row exists, so an event delivered again (the publisher re-sent it after a crash, a replay) changes
 * nothing.
 */
@Component
@ProcessingGroup(WorkflowViewProjection.GROUP)
class WorkflowViewProjection {

    static final String GROUP = "task-view";

    private static final Logger log = LoggerFactory.getLogger(WorkflowViewProjection.class);

    private final WorkflowViewStore store;

    WorkflowViewProjection(WorkflowViewStore store) {
        this.store = store;
    }

    @EventHandler
    void on(TaskCreatedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp) {
        Instant createdAt = event.createdAt() != null ? event.createdAt() : timestamp;
        boolean inserted = store.insertTask(event, createdAt, eventId);
        if (!inserted) {
            log.debug("Task {} already in the view, event {} ignored", event.taskId(), eventId);
        }
    }

    @EventHandler
    void on(ProjectCreatedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp) {
        Instant createdAt = event.createdAt() != null ? event.createdAt() : timestamp;
        boolean inserted = store.insertProject(event, createdAt, eventId);
        if (!inserted) {
            log.debug("Project {} already in the view, event {} ignored", event.projectId(), eventId);
        }
    }

    /** A replay (tokens reset) rebuilds the views from Kafka offset zero. */
    @ResetHandler
    void reset() {
        store.clear();
    }
}
