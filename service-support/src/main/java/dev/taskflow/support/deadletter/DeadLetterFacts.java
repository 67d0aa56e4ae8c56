package dev.taskflow.support.deadletter;

import dev.taskflow.api.messaging.MetadataKeys;
import dev.taskflow.support.messaging.KafkaMetadataKeys;
import dev.taskflow.support.messaging.PoisonRecord;
import java.time.Instant;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;

/**
 * What is told about a dead letter, in the log line, on the dead-letter topic and by the admin endpoint.
 *
 * @param sequence  the dead-letter sequence (e.g. {@code task:<taskId>})
 * @param kind      why the event is in the queue
 * @param reason    {@code <exception class>: <message>}; for a held-back event, the sequence that held it
 * @param causeType the exception class, {@code null} for a held-back event
 * @param topic     the Kafka topic the event was read from ({@code null} if unknown), with partition and offset
 */
public record DeadLetterFacts(String processingGroup, String sequence, EventMessage<?> event, Kind kind,
                              String reason, String causeType, String topic, Integer partition, Long offset,
                              String correlationId, String traceId, Instant deadLetteredAt) {

    /** Why an event is in the dead-letter queue. */
    public enum Kind {
        /** Its handler failed on every attempt. */
        FAILED("failed"),
        /** Its record is not a valid envelope. */
        POISON("poison"),
        /** An earlier event of its sequence is dead-lettered, so it waits behind it. */
        HELD_BACK("held-back");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    static DeadLetterFacts of(String processingGroup, String sequence, DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        MetaData meta = event.getMetaData();
        Cause cause = letter.cause().orElse(null);
        Kind kind = cause == null ? Kind.HELD_BACK
                : event.getPayload() instanceof PoisonRecord ? Kind.POISON : Kind.FAILED;
        String reason = cause == null ? "held back behind the dead-lettered sequence " + sequence
                : cause.type() + ": " + cause.message();
        Number partition = number(meta.get(KafkaMetadataKeys.PARTITION));
        Number offset = number(meta.get(KafkaMetadataKeys.OFFSET));
        return new DeadLetterFacts(processingGroup, sequence, event, kind, Failures.truncate(reason),
                cause == null ? null : cause.type(), text(meta.get(KafkaMetadataKeys.TOPIC)),
                partition == null ? null : partition.intValue(), offset == null ? null : offset.longValue(),
                text(meta.get(MetadataKeys.CORRELATION_ID)), traceId(meta), letter.enqueuedAt());
    }

    /** The envelope's traceId, or the trace id inside a W3C {@code traceparent}. */
    static String traceId(MetaData meta) {
        String traceId = text(meta.get(MetadataKeys.TRACE_ID));
        if (traceId != null) {
            return traceId;
        }
        String traceparent = text(meta.get(MetadataKeys.TRACEPARENT));
        if (traceparent != null) {
            String[] parts = traceparent.split("-");
            if (parts.length >= 3 && parts[1].length() == 32) {
                return parts[1];
            }
        }
        return null;
    }

    static Number number(Object value) {
        if (value instanceof Number n) {
            return n;
        }
        if (value != null) {
            try {
                return Long.parseLong(value.toString());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
