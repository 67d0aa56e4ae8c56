package dev.taskflow.analytics.daily;

import dev.taskflow.api.workflow.TaskCreatedEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Counts created tasks per organization and UTC day of the task's {@code createdAt} (the event's
 * timestamp when the task carries none). Idempotent by eventId.
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

    /** A replay (tokens reset) recounts from Kafka offset zero. */
    @ResetHandler
    void reset() {
        tasksPerDay.clear();
    }
}
