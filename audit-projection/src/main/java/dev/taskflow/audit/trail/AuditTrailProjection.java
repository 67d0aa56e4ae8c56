package dev.taskflow.audit.trail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.messaging.IntegrationEventType;
import dev.taskflow.api.messaging.MetadataKeys;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Appends every integration event to the audit trail. The insert and the processor's token commit in
 * one transaction, and event_id is unique: an event delivered again is a no-op. A failure (database
 * down) is retried by the processor, never skipped. There is no reset handler: the live trail is never
 * emptied; a rebuild writes a fresh copy beside it (see {@link AuditRebuildConfiguration}).
 */
@Component
@ProcessingGroup(AuditTrailProjection.GROUP)
class AuditTrailProjection {

    static final String GROUP = "audit-trail";

    private static final Logger log = LoggerFactory.getLogger(AuditTrailProjection.class);

    private final AuditTrail trail;
    private final ObjectMapper json;
    private final boolean rebuilding;

    @Autowired
    AuditTrailProjection(AuditTrail trail, ObjectMapper json) {
        this(trail, json, false);
    }

    /** A rebuild's copy: appends in batches and logs no line per record (it replays the whole history). */
    static AuditTrailProjection rebuilding(AuditTrail shadow, ObjectMapper json) {
        return new AuditTrailProjection(shadow, json, true);
    }

    private AuditTrailProjection(AuditTrail trail, ObjectMapper json, boolean rebuilding) {
        this.trail = trail;
        this.json = json;
        this.rebuilding = rebuilding;
    }

    @EventHandler
    void on(OrganizationScoped event, @MessageIdentifier String eventId, @Timestamp Instant occurredAt,
            MetaData metaData) {
        Optional<IntegrationEventType> type = IntegrationEventType.forPayload(event.getClass());
        String eventType = text(metaData, MetadataKeys.EVENT_TYPE)
                .orElseGet(() -> type.map(IntegrationEventType::eventType).orElse(event.getClass().getSimpleName()));
        AuditSubject subject = AuditSubject.of(event);
        AuditEntry entry = new AuditEntry(eventId, eventType, type.map(IntegrationEventType::eventVersion).orElse(null),
                text(metaData, MetadataKeys.SOURCE).orElse(null),
                text(metaData, MetadataKeys.CORRELATION_ID).orElse(null),
                text(metaData, MetadataKeys.TRACE_ID).orElse(null),
                text(metaData, MetadataKeys.USER_ID).orElse(null),
                event.organizationId(), subject, toJson(event), occurredAt);
        if (rebuilding) {
            trail.appendWithBatch(entry);
            return;
        }

        boolean appended = trail.append(entry);
        String previousCorrelation = MDC.get("correlationId");
        String previousTrace = MDC.get("traceId");
        putOrRemove("correlationId", entry.correlationId());
        putOrRemove("traceId", entry.traceId());
        try {
            if (appended) {
                log.info("Audit record appended: {} {} {}={} organizationId={} eventId={} correlationId={} traceId={}",
                        eventType, subject.summary(), subject.entityType(), subject.entityId(), entry.organizationId(),
                        eventId, entry.correlationId(), entry.traceId());
            } else {
                log.info("Duplicate event ignored: {} eventId={} correlationId={} traceId={}",
                        eventType, eventId, entry.correlationId(), entry.traceId());
            }
        } finally {
            putOrRemove("correlationId", previousCorrelation);
            putOrRemove("traceId", previousTrace);
        }
    }

    private String toJson(OrganizationScoped event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + event.getClass().getName(), e);
        }
    }

    private static Optional<String> text(MetaData metaData, String key) {
        Object value = metaData.get(key);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    private static void putOrRemove(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
