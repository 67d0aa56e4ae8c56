package dev.taskflow.analytics;

import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.messaging.EventEnvelope;
import dev.taskflow.api.messaging.IntegrationEventType;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.support.messaging.EnvelopeKafkaMessageConverter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes envelopes the way the command side's publisher does, with the task's sequence number in the
 * {@code aggregateSequence} header.
 */
final class SequencedEvents {

    private final KafkaTestClient client;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final Set<String> eventIds = ConcurrentHashMap.newKeySet();

    SequencedEvents(KafkaTestClient client) {
        this.client = client;
    }

    /** Publishes {@code event} as sequence {@code sequence} of its aggregate, in a fresh context. */
    Published publish(OrganizationScoped event, long sequence) {
        return publish(event, sequence, KafkaTestClient.context("test-user"));
    }

    /** Publishes {@code event} in {@code context}: the same context again is a redelivery (same eventId). */
    Published publish(OrganizationScoped event, long sequence, EnvelopeCodec.Context context) {
        IntegrationEventType type = IntegrationEventType.forPayload(event.getClass()).orElseThrow();
        EventEnvelope envelope = codec.envelope(event, context);
        eventIds.add(envelope.eventId());
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(type.topic(), 0, 0L, event.organizationId(),
                codec.write(envelope));
        header(record, "eventId", envelope.eventId());
        header(record, "eventType", envelope.eventType());
        header(record, "eventVersion", envelope.eventVersion());
        header(record, EnvelopeKafkaMessageConverter.AGGREGATE_SEQUENCE, Long.toString(sequence));
        return new Published(event, sequence, context, client.republish(record));
    }

    /** The eventIds of everything published so far, each once. */
    List<String> eventIds() {
        return List.copyOf(eventIds);
    }

    /** Publishes each event again, with its eventId: what a redelivery looks like. */
    List<RecordMetadata> redeliver(List<Published> events) {
        return events.stream().map(p -> publish(p.event(), p.sequence(), p.context()).record()).toList();
    }

    private static void header(ConsumerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An event as published: to publish it again, and to know where it landed. */
    record Published(OrganizationScoped event, long sequence, EnvelopeCodec.Context context, RecordMetadata record) {
    }
}
