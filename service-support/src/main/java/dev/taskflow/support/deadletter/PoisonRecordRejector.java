package dev.taskflow.support.deadletter;

import dev.taskflow.support.messaging.PoisonRecord;
import org.axonframework.eventhandling.EventHandler;

/**
 * Added to every dead-lettering processing group: it "handles" a {@link PoisonRecord} by refusing it,
 * so the record goes to the dead-letter queue at once (no retries) and the processor moves on. Not
 * annotated with a processing group on purpose: it is assigned per instance, one per group.
 */
public final class PoisonRecordRejector {

    private final String processingGroup;

    PoisonRecordRejector(String processingGroup) {
        this.processingGroup = processingGroup;
    }

    String processingGroup() {
        return processingGroup;
    }

    @EventHandler
    void on(PoisonRecord record) {
        throw new PoisonRecordException(record);
    }
}
