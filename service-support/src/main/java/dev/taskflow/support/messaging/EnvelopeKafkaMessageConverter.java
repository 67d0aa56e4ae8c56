package dev.taskflow.support.messaging;

import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.messaging.EventEnvelope;
import dev.taskflow.api.messaging.MetadataKeys;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
 */
public class EnvelopeKafkaMessageConverter implements KafkaMessageConverter<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(EnvelopeKafkaMessageConverter.class);

    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final String source;

    public EnvelopeKafkaMessageConverter(String source) {
        this.source = source;
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
        return new ProducerRecord<>(topic, null, payload.organizationId(), codec.write(envelope), headers);
    }

    @Override
    public Optional<EventMessage<?>> readKafkaMessage(ConsumerRecord<String, byte[]> record) {
        Optional<EnvelopeCodec.Decoded> decoded = codec.read(record.value());
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
        Header traceparent = record.headers().lastHeader(MetadataKeys.TRACEPARENT);
        if (traceparent != null) {
            meta.put(MetadataKeys.TRACEPARENT, new String(traceparent.value(), StandardCharsets.UTF_8));
        }
        return Optional.of(new GenericEventMessage<>(envelope.eventId(), decoded.get().payload(), meta,
                envelope.timestamp()));
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
