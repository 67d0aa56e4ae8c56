package dev.taskflow.audit.trail;

import java.time.Instant;

/** One row to append to the audit trail. {@code dataJson} is the event's own fields as JSON. */
record AuditEntry(String eventId, String eventType, String eventVersion, String source, String correlationId,
                  String traceId, String userId, String organizationId, AuditSubject subject, String dataJson,
                  Instant occurredAt) {
}
