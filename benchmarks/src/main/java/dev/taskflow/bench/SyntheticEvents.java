package dev.taskflow.bench;

import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.messaging.EventEnvelope;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.api.workflow.TaskPriority;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * TaskCreated envelopes of synthetic organizations written straight to {@code workflow.task.created}, as the
 * command side's publisher writes them (core-api's codec, the same headers, keyed by organization).
 */
final class SyntheticEvents {

    private static final int ORGANIZATIONS = 64;

    private SyntheticEvents() {
    }

    /** @return seconds it took */
    static double produce(String bootstrap, long count, String runId) {
        EnvelopeCodec codec = new EnvelopeCodec();
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        String[] orgs = new String[ORGANIZATIONS];
        for (int i = 0; i < ORGANIZATIONS; i++) {
            orgs[i] = "bench-replay-" + runId + "-org-" + i;
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            for (long n = 0; n < count && failure.get() == null; n++) {
                String org = orgs[(int) (n % ORGANIZATIONS)];
                Instant now = Instant.now();
                String eventId = UUID.randomUUID().toString();
                String correlationId = "bench-replay-" + runId + "-" + n / 1000;
                TaskCreatedEvent event = new TaskCreatedEvent(org, "bench-replay-project", UUID.randomUUID().toString(),
                        "replayed task " + n, "bench-replay-user", now, null, TaskPriority.NORMAL);
                EventEnvelope envelope = codec.envelope(event, new EnvelopeCodec.Context(eventId, now,
                        "workflow-service", correlationId, null, "bench-replay-user"));
                RecordHeaders headers = new RecordHeaders();
                headers.add("eventId", bytes(eventId));
                headers.add("eventType", bytes(envelope.eventType()));
                headers.add("eventVersion", bytes(envelope.eventVersion()));
                headers.add("correlationId", bytes(correlationId));
                headers.add("aggregateSequence", bytes("0"));
                producer.send(new ProducerRecord<>(Topics.WORKFLOW_TASK_CREATED, null, org, codec.write(envelope), headers),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                if (n > 0 && n % 200_000 == 0) {
                    System.out.printf("  B3: %d events produced%n", n);
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the synthetic events failed", failure.get());
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
