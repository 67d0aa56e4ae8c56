package dev.taskflow.infra;

import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.messaging.IntegrationEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A Kafka client that is not part of the platform, for tests: writes envelopes as another service
 * would, and reads topics from the beginning as an outside consumer would.
 */
public final class KafkaTestClient {

    private final String bootstrapServers;
    private final EnvelopeCodec codec = new EnvelopeCodec();

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Publishes {@code event} in its envelope on its topic, keyed by organization; returns the eventId. */
    public String publish(OrganizationScoped event, String userId) {
        String eventId = UUID.randomUUID().toString();
        publish(event, userId, eventId);
        return eventId;
    }

    public void publish(OrganizationScoped event, String userId, String eventId) {
        IntegrationEventType type = IntegrationEventType.forPayload(event.getClass()).orElseThrow();
        byte[] value = codec.write(codec.envelope(event, new EnvelopeCodec.Context(eventId, Instant.now(),
                "test-client", "test-" + eventId, null, userId)));
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        props.put("acks", "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(type.topic(), event.organizationId(), value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to Kafka failed", e.getCause());
        }
    }

    /** Every record currently on {@code topic}, read from offset zero of every partition. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        props.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
