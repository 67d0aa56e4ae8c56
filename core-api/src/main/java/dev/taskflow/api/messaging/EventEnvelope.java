package dev.taskflow.api.messaging;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** The JSON document every Kafka record carries as its value; {@code data} holds the event's own fields. */
@JsonPropertyOrder({"eventId", "eventType", "eventVersion", "timestamp", "source", "correlationId",
        "traceId", "userId", "organizationId", "data"})
public record EventEnvelope(
        String eventId,
        String eventType,
        String eventVersion,
        Instant timestamp,
        String source,
        String correlationId,
        String traceId,
        String userId,
        String organizationId,
        JsonNode data) {
}
