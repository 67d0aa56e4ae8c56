package dev.taskflow.notification.records;

import dev.taskflow.api.workflow.TaskAssignedEvent;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import java.time.Instant;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;

/**
 * The handler of a blue-green rebuild: writes the notification records of each event into the table it is
 * given, and does nothing else. It has no way to send anything: it knows neither the delivery table nor
 * mail nor HTTP (ArchitectureTest keeps it so), because a rebuild replays all of history.
 */
public class NotificationRecordsOnly {

    private final NotificationRecords records;

    public NotificationRecordsOnly(NotificationRecords records) {
        this.records = records;
    }

    @EventHandler
    void on(TaskAssignedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp) {
        records.record(NotificationRules.of(event, eventId, timestamp));
    }

    @EventHandler
    void on(TaskCompletedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp) {
        records.record(NotificationRules.of(event, eventId, timestamp));
    }
}
