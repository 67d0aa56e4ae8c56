package dev.taskflow.query;

import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.messaging.IntegrationEventType;
import dev.taskflow.infra.TestInfrastructure;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces real envelope records to the test broker, as an upstream service would: value = envelope
 * JSON, key = organizationId, topic from the event type.
 */
final class TestEvents implements AutoCloseable {

    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final KafkaProducer<String, byte[]> producer;

    TestEvents() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(config);
    }

    static EnvelopeCodec.Context context(String userId) {
        return new EnvelopeCodec.Context(UUID.randomUUID().toString(), Instant.now(), "test",
                UUID.randomUUID().toString(), UUID.randomUUID().toString().replace("-", ""), userId);
    }

    /** Publishes with a fresh eventId; returns the context used so a test can publish it again. */
    EnvelopeCodec.Context publish(OrganizationScoped event, String userId) {
        EnvelopeCodec.Context context = context(userId);
        publish(event, context);
        return context;
    }

    void publish(OrganizationScoped event, EnvelopeCodec.Context context) {
        String topic = IntegrationEventType.forPayload(event.getClass()).orElseThrow().topic();
        byte[] value = codec.write(codec.envelope(event, context));
        try {
            producer.send(new ProducerRecord<>(topic, event.organizationId(), value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish " + event, e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
