package dev.taskflow.billing.support;

import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.messaging.IntegrationEventType;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes envelopes to Kafka as organization-service would, so billing can be tested on its own. */
public final class EnvelopeProducer implements AutoCloseable {

    /** A record ready to send (and to send again, byte for byte). */
    public record Prepared(String topic, String key, byte[] value, String eventId, String correlationId) {
    }

    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final KafkaProducer<String, byte[]> producer;

    public EnvelopeProducer(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
    }

    public Prepared prepare(OrganizationScoped event, String userId) {
        String eventId = UUID.randomUUID().toString();
        String correlationId = "corr-" + UUID.randomUUID();
        IntegrationEventType type = IntegrationEventType.forPayload(event.getClass()).orElseThrow();
        byte[] value = codec.write(codec.envelope(event, new EnvelopeCodec.Context(eventId, Instant.now(),
                "organization-service", correlationId, null, userId)));
        return new Prepared(type.topic(), event.organizationId(), value, eventId, correlationId);
    }

    /** Sends to the partition the key maps to; returns where the record landed. */
    public RecordMetadata send(Prepared record) {
        return send(new ProducerRecord<>(record.topic(), record.key(), record.value()));
    }

    /** Sends to an explicit partition (to order a record after another one of a different key). */
    public RecordMetadata send(Prepared record, int partition) {
        return send(new ProducerRecord<>(record.topic(), partition, record.key(), record.value()));
    }

    public Prepared publish(OrganizationScoped event, String userId) {
        Prepared prepared = prepare(event, userId);
        send(prepared);
        return prepared;
    }

    private RecordMetadata send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to Kafka failed", e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
