package dev.taskflow.support.deadletter;

import dev.taskflow.support.messaging.PoisonRecord;

/** Thrown for a {@link PoisonRecord}: never retried, dead-lettered at once. */
public class PoisonRecordException extends RuntimeException implements NonRetryable {

    public PoisonRecordException(PoisonRecord record) {
        super("Not a valid event envelope at " + record.coordinates() + ": " + record.error());
    }
}
