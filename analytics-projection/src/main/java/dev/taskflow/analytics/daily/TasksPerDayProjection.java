package dev.taskflow.analytics.daily;

import dev.taskflow.api.workflow.TaskCompletedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.api.workflow.TaskReopenedEvent;
import dev.taskflow.support.messaging.EnvelopeKafkaMessageConverter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Counts created tasks per organization and UTC day of the task's {@code createdAt} (the event's
 * timestamp when the task carries none), and completed tasks per UTC day of their latest completion, with
 * the cycle time of each (created → latest completion). Idempotent by eventId.
 */
@Component
@ProcessingGroup(TasksPerDayProjection.GROUP)
class TasksPerDayProjection {

    static final String GROUP = "tasks-per-day";

    private static final Logger log = LoggerFactory.getLogger(TasksPerDayProjection.class);

    private final TasksPerDay tasksPerDay;

    TasksPerDayProjection(TasksPerDay tasksPerDay) {
        this.tasksPerDay = tasksPerDay;
    }

    @EventHandler
    void on(TaskCreatedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp,
            @MetaDataValue("correlationId") String correlationId) {
        Instant createdAt = event.createdAt() != null ? event.createdAt() : timestamp;
        LocalDate day = LocalDate.ofInstant(createdAt, ZoneOffset.UTC);
        if (tasksPerDay.countOnce(eventId, event.organizationId(), day)) {
            log.debug("Counted task {} for {} on {} (eventId={}, correlationId={})",
                    event.taskId(), event.organizationId(), day, eventId, correlationId);
        } else {
            log.info("Duplicate event ignored: eventId={} correlationId={}", eventId, correlationId);
        }
    }

    /**
     * The task's counted completion moves to this one, if it is newer than the task's last completion or
     * reopening (aggregate sequence): the figures end the same whatever order a task's events come in.
     */
    @EventHandler
    void on(TaskCompletedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp,
            MetaData metaData) {
        Instant completedAt = event.completedAt() != null ? event.completedAt() : timestamp;
        Long sequence = sequenceOf(metaData);
        if (tasksPerDay.complete(eventId, event.organizationId(), event.taskId(), sequence, event.createdAt(),
                completedAt)) {
            log.debug("Counted completion of task {} for {} at {} (eventId={}, sequence={})", event.taskId(),
                    event.organizationId(), completedAt, eventId, sequence);
        } else {
            log.info("Duplicate or superseded completion ignored: eventId={} sequence={} correlationId={}", eventId,
                    sequence, metaData.get("correlationId"));
        }
    }

    /** A reopened task is not completed any more: its completion is withdrawn until it is completed again. */
    @EventHandler
    void on(TaskReopenedEvent event, @MessageIdentifier String eventId, MetaData metaData) {
        Long sequence = sequenceOf(metaData);
        if (!tasksPerDay.reopen(eventId, event.organizationId(), event.taskId(), sequence)) {
            log.info("Duplicate or superseded reopening ignored: eventId={} sequence={} correlationId={}", eventId,
                    sequence, metaData.get("correlationId"));
        }
    }

    /** A replay (tokens reset) recounts from Kafka offset zero. */
    @ResetHandler
    void reset() {
        tasksPerDay.clear();
    }

    /** The event's sequence within its task; {@code null} for a record without one. */
    static Long sequenceOf(MetaData metaData) {
        Object value = metaData.get(EnvelopeKafkaMessageConverter.AGGREGATE_SEQUENCE);
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
