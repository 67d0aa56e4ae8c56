package dev.taskflow.query.projection;

import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskArchivedEvent;
import dev.taskflow.api.workflow.TaskAssignedEvent;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.api.workflow.TaskEditedEvent;
import dev.taskflow.api.workflow.TaskReopenedEvent;
import dev.taskflow.api.workflow.TaskStatus;
import dev.taskflow.api.workflow.TaskUnassignedEvent;
import dev.taskflow.query.projection.WorkflowViewStore.ColumnChange;
import dev.taskflow.support.messaging.EnvelopeKafkaMessageConverter;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the task and project views in step with the workflow topics. The rows and the processor's
 * token commit in one transaction.
 * <p>
 * The events of a task come on one topic per event type, so in any order, and may come twice. Every
 * task event carries its sequence within the task ({@link EnvelopeKafkaMessageConverter#AGGREGATE_SEQUENCE});
 * the store applies an event to a group of columns only if it is newer than the event that last set
 * them, so the row ends up as the events applied in order would leave it, and a repeated event changes
 * nothing. TaskCreated is the task's first event: sequence 0 even on a record without the header.
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
    void on(TaskCreatedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp, MetaData metaData) {
        Instant createdAt = event.createdAt() != null ? event.createdAt() : timestamp;
        Long sequence = sequenceOf(metaData);
        if (!store.createTask(event, sequence != null ? sequence : 0L, createdAt, eventId)) {
            log.debug("Task {} already in the view, event {} ignored", event.taskId(), eventId);
        }
    }

    @EventHandler
    void on(TaskEditedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp, MetaData metaData) {
        change(event.organizationId(), event.projectId(), event.taskId(), eventId, metaData,
                or(event.editedAt(), timestamp),
                ColumnChange.guardedBy("content_sequence")
                        .text("title", event.title())
                        .text("description", event.description()));
    }

    @EventHandler
    void on(TaskAssignedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp, MetaData metaData) {
        change(event.organizationId(), event.projectId(), event.taskId(), eventId, metaData,
                or(event.assignedAt(), timestamp),
                ColumnChange.guardedBy("assignee_sequence").text("assignee_id", event.assigneeId()));
    }

    @EventHandler
    void on(TaskUnassignedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp,
            MetaData metaData) {
        change(event.organizationId(), event.projectId(), event.taskId(), eventId, metaData,
                or(event.unassignedAt(), timestamp),
                ColumnChange.guardedBy("assignee_sequence").text("assignee_id", null));
    }

    @EventHandler
    void on(TaskCompletedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp,
            MetaData metaData) {
        Instant completedAt = or(event.completedAt(), timestamp);
        change(event.organizationId(), event.projectId(), event.taskId(), eventId, metaData, completedAt,
                ColumnChange.guardedBy("status_sequence").text("status", TaskStatus.COMPLETED.name()),
                ColumnChange.guardedBy("completion_sequence").time("completed_at", completedAt));
    }

    @EventHandler
    void on(TaskReopenedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp,
            MetaData metaData) {
        change(event.organizationId(), event.projectId(), event.taskId(), eventId, metaData,
                or(event.reopenedAt(), timestamp),
                ColumnChange.guardedBy("status_sequence").text("status", TaskStatus.OPEN.name()),
                ColumnChange.guardedBy("completion_sequence").time("completed_at", null));
    }

    /** Archiving keeps {@code completed_at}: an archived task that had been completed stays completed then. */
    @EventHandler
    void on(TaskArchivedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp,
            MetaData metaData) {
        change(event.organizationId(), event.projectId(), event.taskId(), eventId, metaData,
                or(event.archivedAt(), timestamp),
                ColumnChange.guardedBy("status_sequence").text("status", TaskStatus.ARCHIVED.name()));
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

    private void change(String organizationId, String projectId, String taskId, String eventId, MetaData metaData,
                        Instant at, ColumnChange... changes) {
        Long sequence = sequenceOf(metaData);
        if (sequence == null) {
            log.warn("Event {} of task {} has no aggregate sequence; applied in arrival order", eventId, taskId);
        }
        if (!store.changeTask(organizationId, projectId, taskId, sequence, at, List.of(changes))) {
            log.debug("Event {} (sequence {}) of task {} is not newer than the view, ignored", eventId, sequence,
                    taskId);
        }
    }

    /**
     * The event's sequence within its task, or {@code null} for a record without it. A {@code Long} as
     * read from Kafka; any {@link Number} (or its text) once a dead letter went through a serializer.
     */
    static Long sequenceOf(MetaData metaData) {
        Object value = metaData.get(EnvelopeKafkaMessageConverter.AGGREGATE_SEQUENCE);
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text && !text.isBlank()) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Instant or(Instant value, Instant fallback) {
        return value != null ? value : fallback;
    }
}
