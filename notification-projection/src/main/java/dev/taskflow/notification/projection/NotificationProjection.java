package dev.taskflow.notification.projection;

import dev.taskflow.api.workflow.TaskAssignedEvent;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import dev.taskflow.notification.delivery.DeliveryPlanner;
import dev.taskflow.notification.records.NotifiableEvent;
import dev.taskflow.notification.records.NotificationRecords;
import dev.taskflow.notification.records.NotificationRules;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The live projection: per event, in the processor's transaction (together with its Kafka position), the
 * notification records and the rows of the delivery table. Idempotent by eventId: records and deliveries
 * are keyed by (event, recipient) and (event, channel, recipient), and what exists already is left alone,
 * so a redelivered event neither adds a record nor a delivery. Events met again by a token reset (a
 * replay) only rebuild records: history is never delivered again.
 */
@Component
@ProcessingGroup(NotificationProjection.GROUP)
class NotificationProjection {

    static final String GROUP = "notifications";

    private static final Logger log = LoggerFactory.getLogger(NotificationProjection.class);

    private final NotificationRecords records;
    private final DeliveryPlanner deliveries;

    NotificationProjection(NotificationRecords records, DeliveryPlanner deliveries) {
        this.records = records;
        this.deliveries = deliveries;
    }

    @EventHandler
    void on(TaskAssignedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp,
            ReplayStatus replay, @MetaDataValue("correlationId") String correlationId) {
        apply(NotificationRules.of(event, eventId, timestamp), replay, correlationId);
    }

    @EventHandler
    void on(TaskCompletedEvent event, @MessageIdentifier String eventId, @Timestamp Instant timestamp,
            ReplayStatus replay, @MetaDataValue("correlationId") String correlationId) {
        apply(NotificationRules.of(event, eventId, timestamp), replay, correlationId);
    }

    private void apply(NotifiableEvent event, ReplayStatus replay, String correlationId) {
        int recorded = records.record(event);
        if (replay.isReplay()) {
            log.debug("Replayed {} {}: {} records, nothing delivered (eventId={}, correlationId={})", event.type(),
                    event.taskId(), recorded, event.eventId(), correlationId);
            return;
        }
        int planned = deliveries.plan(event);
        if (recorded == 0 && planned == 0 && !event.notifications().isEmpty()) {
            log.info("Duplicate event ignored: eventId={} correlationId={}", event.eventId(), correlationId);
        } else {
            log.info("{} of task {}: {} notifications, {} deliveries (eventId={}, correlationId={})", event.type(),
                    event.taskId(), recorded, planned, event.eventId(), correlationId);
        }
    }

    /** A token reset re-reads Kafka from offset zero: the records are rebuilt, the deliveries are kept. */
    @ResetHandler
    void reset() {
        records.clear();
    }
}
