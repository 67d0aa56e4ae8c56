package dev.taskflow.api.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.taskflow.api.OrganizationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns integration events into envelope JSON and back. Plain Jackson, so any JVM client of the
 * topics can use it without the rest of the platform.
 */
public final class EnvelopeCodec {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What is known about an event besides its payload. */
    public record Context(String eventId, Instant timestamp, String source, String correlationId,
                          String traceId, String userId) {
    }

    /** A decoded envelope: the header fields and the typed payload. */
    public record Decoded(EventEnvelope envelope, IntegrationEventType type, OrganizationScoped payload) {
    }

    public EventEnvelope envelope(OrganizationScoped payload, Context context) {
        IntegrationEventType type = IntegrationEventType.forPayload(payload.getClass())
                .orElseThrow(() -> new IllegalArgumentException(
                        payload.getClass().getName() + " is not an integration event"));
        return new EventEnvelope(context.eventId(), type.eventType(), type.eventVersion(),
                context.timestamp(), context.source(), context.correlationId(), context.traceId(),
                context.userId(), payload.organizationId(), mapper.valueToTree(payload));
    }

    public byte[] write(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads an envelope; empty when the bytes are an envelope of an eventType this build does not know.
     * Every version of a known eventType is read (decision 0008): an earlier one's data is upcast to the
     * current version first (TaskCreated v1 gains {@code priority: NORMAL}), a later one's unknown fields
     * are ignored. {@link Decoded#envelope()} stays as it was on the wire, its version included. Malformed
     * input throws {@link MalformedEnvelopeException}.
     */
    public Optional<Decoded> read(byte[] json) {
        EventEnvelope envelope;
        try {
            envelope = mapper.readValue(json, EventEnvelope.class);
        } catch (IOException e) {
            throw new MalformedEnvelopeException("not an event envelope: " + e.getMessage(), e);
        }
        if (envelope.eventId() == null || envelope.eventType() == null || envelope.data() == null) {
            throw new MalformedEnvelopeException("envelope lacks eventId, eventType or data", null);
        }
        Optional<IntegrationEventType> type = IntegrationEventType.forName(envelope.eventType(), envelope.eventVersion());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        JsonNode data = envelope.data();
        if (data instanceof ObjectNode object && !type.get().eventVersion().equals(envelope.eventVersion())) {
            data = type.get().upcastData(envelope.eventVersion(), object.deepCopy());
        }
        try {
            OrganizationScoped payload = mapper.treeToValue(data, type.get().payloadType());
            return Optional.of(new Decoded(envelope, type.get(), payload));
        } catch (IOException e) {
            throw new MalformedEnvelopeException("data does not match " + envelope.eventType(), e);
        }
    }

    public JsonNode tree(EventEnvelope envelope) {
        return mapper.valueToTree(envelope);
    }

    public static final class MalformedEnvelopeException extends RuntimeException {
        public MalformedEnvelopeException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
