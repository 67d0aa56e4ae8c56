package dev.taskflow.support.messaging;

import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.messaging.EventEnvelope;
import dev.taskflow.api.messaging.MetadataKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Axon events as the platform's JSON envelope keyed by organizationId, and reads them back.
 * The Axon event identifier becomes the envelope's eventId, so a re-publication after a crash carries
 * the same id and consumers can drop it.
 * <p>
 * Every event read carries where it was read ({@link KafkaMetadataKeys}: topic, partition, offset) in its
 * metadata. A record of an unknown type or version is skipped with a warning. A record that is not a
 * valid envelope is, by default, an error that stops the fetch (and so the partition); the converter
 * {@link #withPoisonRecords()} turns it into a {@link PoisonRecord} event instead, for processors that
 * dead-letter it.
 * <p>
 * Events of one aggregate travel on different topics (one per event type), so a consumer may read them in
 * another order than they happened. A domain event's record therefore carries the aggregate's sequence
 * number in the header {@value #AGGREGATE_SEQUENCE}, and the event read back carries it in its metadata
 * under the same key (a {@code Long}; a {@link Number} after a serializer's round trip), so that a consumer
 * can apply only what is newer than what it has. A header, not an envelope field: the envelope is fixed.
 */
public class EnvelopeKafkaMessageConverter implements KafkaMessageConverter<String, byte[]> {

    /** Record header and metadata key: the sequence number of a domain event within its aggregate. */
    public static final String AGGREGATE_SEQUENCE = "aggregateSequence";

    private static final Logger log = LoggerFactory.getLogger(EnvelopeKafkaMessageConverter.class);

    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final String source;
    private final boolean poisonRecords;

    public EnvelopeKafkaMessageConverter(String source) {
        this(source, false);
    }

    private EnvelopeKafkaMessageConverter(String source, boolean poisonRecords) {
        this.source = source;
        this.poisonRecords = poisonRecords;
    }

    /** The same converter, except that a record which is not a valid envelope becomes a {@link PoisonRecord} event. */
    public EnvelopeKafkaMessageConverter withPoisonRecords() {
        return new EnvelopeKafkaMessageConverter(source, true);
    }

    @Override
    public ProducerRecord<String, byte[]> createKafkaMessage(EventMessage<?> event, String topic) {
        OrganizationScoped payload = (OrganizationScoped) event.getPayload();
        MetaData meta = event.getMetaData();
        EventEnvelope envelope = codec.envelope(payload, new EnvelopeCodec.Context(
                event.getIdentifier(), event.getTimestamp(), source,
                text(meta, MetadataKeys.CORRELATION_ID), text(meta, MetadataKeys.TRACE_ID),
                text(meta, MetadataKeys.USER_ID)));
        RecordHeaders headers = new RecordHeaders();
        header(headers, "eventId", envelope.eventId());
        header(headers, "eventType", envelope.eventType());
        header(headers, "eventVersion", envelope.eventVersion());
        header(headers, "correlationId", envelope.correlationId());
        header(headers, MetadataKeys.TRACEPARENT, text(meta, MetadataKeys.TRACEPARENT));
        if (event instanceof DomainEventMessage<?> domainEvent) {
            header(headers, AGGREGATE_SEQUENCE, Long.toString(domainEvent.getSequenceNumber()));
        }
        return new ProducerRecord<>(topic, null, payload.organizationId(), codec.write(envelope), headers);
    }

    @Override
    public Optional<EventMessage<?>> readKafkaMessage(ConsumerRecord<String, byte[]> record) {
        Optional<EnvelopeCodec.Decoded> decoded;
        try {
            if (record.value() == null) {
                throw new EnvelopeCodec.MalformedEnvelopeException("record has no value", null);
            }
            decoded = codec.read(record.value());
        } catch (EnvelopeCodec.MalformedEnvelopeException e) {
            if (!poisonRecords) {
                throw e;
            }
            return Optional.of(poison(record, e));
        }
        if (decoded.isEmpty()) {
            log.warn("Skipping record of unknown event type at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return Optional.empty();
        }
        EventEnvelope envelope = decoded.get().envelope();
        Map<String, Object> meta = new HashMap<>();
        putIfPresent(meta, MetadataKeys.CORRELATION_ID, envelope.correlationId());
        putIfPresent(meta, MetadataKeys.TRACE_ID, envelope.traceId());
        putIfPresent(meta, MetadataKeys.USER_ID, envelope.userId());
        putIfPresent(meta, MetadataKeys.ORGANIZATION_ID, envelope.organizationId());
        putIfPresent(meta, MetadataKeys.EVENT_TYPE, envelope.eventType());
        putIfPresent(meta, MetadataKeys.SOURCE, envelope.source());
        putIfPresent(meta, MetadataKeys.TRACEPARENT, headerText(record, MetadataKeys.TRACEPARENT));
        Long sequence = aggregateSequence(record);
        if (sequence != null) {
            meta.put(AGGREGATE_SEQUENCE, sequence);
        }
        putCoordinates(meta, record);
        return Optional.of(new GenericEventMessage<>(envelope.eventId(), decoded.get().payload(), meta,
                envelope.timestamp()));
    }

    /**
     * The record as a {@link PoisonRecord} event. Its identifier is derived from the record's coordinates,
     * so the same record read again is the same event; what the headers tell of the request context is kept.
     */
    private EventMessage<PoisonRecord> poison(ConsumerRecord<String, byte[]> record, RuntimeException error) {
        PoisonRecord payload = new PoisonRecord(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), error.getMessage());
        log.warn("Poison record at {}: {}", payload.coordinates(), error.getMessage());
        Map<String, Object> meta = new HashMap<>();
        putIfPresent(meta, MetadataKeys.CORRELATION_ID, headerText(record, "correlationId"));
        putIfPresent(meta, MetadataKeys.TRACEPARENT, headerText(record, MetadataKeys.TRACEPARENT));
        putIfPresent(meta, MetadataKeys.ORGANIZATION_ID, record.key());
        putCoordinates(meta, record);
        String eventId = UUID.nameUUIDFromBytes(("poison:" + payload.coordinates()).getBytes(StandardCharsets.UTF_8))
                .toString();
        Instant timestamp = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : Instant.now();
        return new GenericEventMessage<>(eventId, payload, meta, timestamp);
    }

    /**
     * The record's aggregate sequence; {@code null} when it has none (an older record, another producer) or
     * one that is not a number, which a consumer treats as having no order (it does not stop the partition).
     */
    private static Long aggregateSequence(ConsumerRecord<?, ?> record) {
        String text = headerText(record, AGGREGATE_SEQUENCE);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            log.warn("Ignoring header {}='{}' of the record at {}-{}@{}: not a number", AGGREGATE_SEQUENCE, text,
                    record.topic(), record.partition(), record.offset());
            return null;
        }
    }

    private static void putCoordinates(Map<String, Object> meta, ConsumerRecord<?, ?> record) {
        meta.put(KafkaMetadataKeys.TOPIC, record.topic());
        meta.put(KafkaMetadataKeys.PARTITION, record.partition());
        meta.put(KafkaMetadataKeys.OFFSET, record.offset());
    }

    private static String headerText(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String text(MetaData meta, String key) {
        Object value = meta.get(key);
        return value == null ? null : value.toString();
    }

    private static void header(RecordHeaders headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void putIfPresent(Map<String, Object> meta, String key, String value) {
        if (value != null) {
            meta.put(key, value);
        }
    }
}
