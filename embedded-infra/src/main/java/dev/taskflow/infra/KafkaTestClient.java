package dev.taskflow.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.messaging.IntegrationEventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A Kafka client that is not part of the platform, for tests: writes envelopes as another service
 * would, and reads topics from the beginning as an outside consumer would (assign + seekToBeginning,
 * no consumer group). Opens one producer and one consumer when first needed; close it when done.
 */
public final class KafkaTestClient implements AutoCloseable {

    /** A record as a test sees it: key, envelope JSON and headers. */
    public record Envelope(String key, JsonNode json, Map<String, String> headers) {

        public String text(String field) {
            JsonNode node = json.get(field);
            return node == null || node.isNull() ? null : node.asText();
        }

        public JsonNode data() {
            return json.get("data");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ_PATIENCE = Duration.ofSeconds(20);

    private final String bootstrapServers;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A fresh context: new eventId and correlationId, now, no trace. */
    public static EnvelopeCodec.Context context(String userId) {
        String eventId = UUID.randomUUID().toString();
        return new EnvelopeCodec.Context(eventId, Instant.now(), "test-client", "test-" + eventId, null, userId);
    }

    /** Publishes {@code event} in a fresh {@link #context}; returns that context, to publish the event again. */
    public EnvelopeCodec.Context publish(OrganizationScoped event, String userId) {
        EnvelopeCodec.Context context = context(userId);
        publish(event, context);
        return context;
    }

    /** Publishes {@code event} in its envelope on its topic, keyed by organization; returns where it landed. */
    public RecordMetadata publish(OrganizationScoped event, EnvelopeCodec.Context context) {
        return send(event, context, null);
    }

    /** Publishes to {@code partition}, whatever the key: to order a record behind one of another key. */
    public RecordMetadata publish(OrganizationScoped event, EnvelopeCodec.Context context, int partition) {
        return send(event, context, partition);
    }

    /** Every record currently on {@code topic}, read from offset zero of every partition. */
    public synchronized List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        KafkaConsumer<String, byte[]> reader = consumer();
        List<TopicPartition> partitions = reader.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = reader.endOffsets(partitions, Duration.ofSeconds(10));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + READ_PATIENCE.toNanos();
        while (partitions.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " up to " + end);
            }
            reader.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    /** Writes raw bytes, as a broken or hostile producer would (poison records). */
    public RecordMetadata publishRaw(String topic, String key, byte[] value) {
        try {
            return producer().send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to Kafka failed", e.getCause());
        }
    }

    /**
     * Writes {@code record} again, key, value and headers as they were: what a producer retry after a lost
     * acknowledgement puts on the topic.
     */
    public RecordMetadata republish(ConsumerRecord<String, byte[]> record) {
        try {
            return producer().send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(),
                    record.headers())).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to Kafka failed", e.getCause());
        }
    }

    /** The records currently on {@code topic} with header {@code name} = {@code value}. */
    public List<ConsumerRecord<String, byte[]>> recordsWithHeader(String topic, String name, String value) {
        return readAll(topic).stream().filter(r -> value.equals(headers(r).get(name))).toList();
    }

    /** A record's headers as text. */
    public static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** The envelopes currently on {@code topic} under {@code key}, in offset order. */
    public List<Envelope> read(String topic, String key) {
        return readAll(topic).stream()
                .filter(record -> key.equals(record.key()))
                .map(KafkaTestClient::envelope)
                .toList();
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
            consumer = null;
        }
    }

    /** A null {@code partition} leaves the choice to the key, as the services' producers do. */
    private RecordMetadata send(OrganizationScoped event, EnvelopeCodec.Context context, Integer partition) {
        String topic = IntegrationEventType.forPayload(event.getClass()).orElseThrow().topic();
        byte[] value = codec.write(codec.envelope(event, context));
        try {
            return producer().send(new ProducerRecord<>(topic, partition, event.organizationId(), value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to Kafka failed", e.getCause());
        }
    }

    private static Envelope envelope(ConsumerRecord<String, byte[]> record) {
        try {
            return new Envelope(record.key(), JSON.readTree(record.value()), headers(record));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        if (consumer == null) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(p);
        }
        return consumer;
    }
}
