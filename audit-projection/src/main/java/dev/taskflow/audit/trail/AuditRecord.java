package dev.taskflow.audit.trail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An audit record as the API shows it.
 *
 * @param occurredAt when the event happened (its envelope timestamp)
 * @param recordedAt when this service wrote the record
 * @param data       the event's own fields, as they travelled in the envelope
 */
public record AuditRecord(String eventId, String eventType, String eventVersion, String source, String correlationId,
                          String traceId, String userId, String organizationId, String entityType, String entityId,
                          String summary, Instant occurredAt, Instant recordedAt, JsonNode data) {
}
