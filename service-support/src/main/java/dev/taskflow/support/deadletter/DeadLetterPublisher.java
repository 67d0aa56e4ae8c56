package dev.taskflow.support.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.messaging.IntegrationEventType;
import dev.taskflow.api.messaging.MetadataKeys;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.support.messaging.KafkaMessagingProperties;
import dev.taskflow.support.messaging.PoisonRecord;
import dev.taskflow.support.messaging.TopicProvisioner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.DisposableBean;

/**
 * Publishes every dead letter of this consumer to its dead-letter topic {@code <consumer>.dlq}, for
 * visibility outside the service (alerting, inspection, tools). The record is the original one as far as
 * possible: the same key (the organizationId), the envelope as value (re-encoded from the decoded event;
 * for a poison record the raw bytes, exactly as read) and the original identifying headers, plus
 * {@code dlq-*} headers telling why and from where:
 * <table>
 *   <tr><td>{@code dlq-consumer}</td><td>the consumer's name, e.g. {@code audit}</td></tr>
 *   <tr><td>{@code dlq-processing-group}</td><td>the processing group that failed</td></tr>
 *   <tr><td>{@code dlq-sequence}</td><td>the dead-letter sequence the event joined</td></tr>
 *   <tr><td>{@code dlq-kind}</td><td>{@code failed}, {@code poison} or {@code held-back} (its sequence was already dead-lettered)</td></tr>
 *   <tr><td>{@code dlq-reason}</td><td>exception class and message (for held-back: which sequence held it)</td></tr>
 *   <tr><td>{@code dlq-cause-type}</td><td>exception class, when there is one</td></tr>
 *   <tr><td>{@code dlq-original-topic} / {@code -partition} / {@code -offset}</td><td>where the record was read</td></tr>
 *   <tr><td>{@code dlq-dead-lettered-at}</td><td>ISO-8601 instant</td></tr>
 * </table>
 * The send waits for the broker's acknowledgement ({@code acks=all}, idempotent producer): the caller
 * only commits the dead letter (and the processor's token) once the topic has it.
 */
public class DeadLetterPublisher implements DisposableBean {

    public static final String CONSUMER = "dlq-consumer";
    public static final String PROCESSING_GROUP = "dlq-processing-group";
    public static final String SEQUENCE = "dlq-sequence";
    public static final String KIND = "dlq-kind";
    public static final String REASON = "dlq-reason";
    public static final String CAUSE_TYPE = "dlq-cause-type";
    public static final String ORIGINAL_TOPIC = "dlq-original-topic";
    public static final String ORIGINAL_PARTITION = "dlq-original-partition";
    public static final String ORIGINAL_OFFSET = "dlq-original-offset";
    public static final String DEAD_LETTERED_AT = "dlq-dead-lettered-at";
    public static final String ACTION = "dlq-action";
    public static final String DISCARDED_BY = "dlq-discarded-by";
    public static final String DISCARDED_AT = "dlq-discarded-at";

    private final String consumer;
    private final String topic;
    private final Duration timeout;
    private final KafkaMessagingProperties kafka;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private volatile KafkaProducer<String, byte[]> producer;

    public DeadLetterPublisher(String consumer, Duration timeout, KafkaMessagingProperties kafka) {
        this.consumer = consumer;
        this.topic = Topics.deadLetter(consumer);
        this.timeout = timeout;
        this.kafka = kafka;
    }

    public String topic() {
        return topic;
    }

    /** Creates the dead-letter topic when it is missing (a broker that is down only earns a warning). */
    public void ensureTopic() {
        TopicProvisioner.ensureTopics(kafka, List.of(topic));
    }

    /** Sends the dead letter and waits for the acknowledgement; throws when the broker does not confirm in time. */
    public RecordMetadata publish(DeadLetterFacts letter) {
        return publish(letter, Map.of());
    }

    /**
     * The audit entry of a dead letter an operator discarded: the letter once more, with headers
     * {@code dlq-action: discarded}, {@code dlq-discarded-by} and {@code dlq-discarded-at}.
     */
    public RecordMetadata publishDiscarded(DeadLetterFacts letter, String discardedBy, Instant at) {
        Map<String, String> extra = new java.util.LinkedHashMap<>();
        extra.put(ACTION, "discarded");
        extra.put(DISCARDED_BY, discardedBy == null ? "unknown" : discardedBy);
        extra.put(DISCARDED_AT, at.toString());
        return publish(letter, extra);
    }

    private RecordMetadata publish(DeadLetterFacts letter, Map<String, String> extra) {
        EventMessage<?> event = letter.event();
        RecordHeaders headers = new RecordHeaders();
        header(headers, "eventId", event.getIdentifier());
        Optional<IntegrationEventType> type = IntegrationEventType.forPayload(event.getPayloadType());
        header(headers, "eventType", type.map(IntegrationEventType::eventType).orElse(event.getPayloadType().getSimpleName()));
        header(headers, "eventVersion", type.map(IntegrationEventType::eventVersion).orElse(null));
        header(headers, "correlationId", letter.correlationId());
        header(headers, MetadataKeys.TRACEPARENT, text(event.getMetaData().get(MetadataKeys.TRACEPARENT)));
        header(headers, CONSUMER, consumer);
        header(headers, PROCESSING_GROUP, letter.processingGroup());
        header(headers, SEQUENCE, letter.sequence());
        header(headers, KIND, letter.kind().label());
        header(headers, REASON, letter.reason());
        header(headers, CAUSE_TYPE, letter.causeType());
        header(headers, ORIGINAL_TOPIC, letter.topic());
        header(headers, ORIGINAL_PARTITION, letter.partition() == null ? null : letter.partition().toString());
        header(headers, ORIGINAL_OFFSET, letter.offset() == null ? null : letter.offset().toString());
        header(headers, DEAD_LETTERED_AT, letter.deadLetteredAt().toString());
        extra.forEach((key, value) -> header(headers, key, value));
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, null, key(event), value(event), headers);
        try {
            return producer().send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish dead letter " + event.getIdentifier() + " to " + topic,
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no acknowledgement within " + timeout + " for dead letter "
                    + event.getIdentifier() + " on " + topic, e);
        }
    }

    private static String key(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof PoisonRecord poison) {
            return poison.key();
        }
        if (payload instanceof OrganizationScoped scoped) {
            return scoped.organizationId();
        }
        return text(event.getMetaData().get(MetadataKeys.ORGANIZATION_ID));
    }

    private byte[] value(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof PoisonRecord poison) {
            return poison.value();
        }
        if (payload instanceof OrganizationScoped scoped
                && IntegrationEventType.forPayload(scoped.getClass()).isPresent()) {
            MetaData meta = event.getMetaData();
            return codec.write(codec.envelope(scoped, new EnvelopeCodec.Context(event.getIdentifier(),
                    event.getTimestamp(), text(meta.get(MetadataKeys.SOURCE)),
                    text(meta.get(MetadataKeys.CORRELATION_ID)), text(meta.get(MetadataKeys.TRACE_ID)),
                    text(meta.get(MetadataKeys.USER_ID)))));
        }
        // not an integration event: the payload as JSON, so the record still says what failed
        ObjectNode node = json.createObjectNode();
        node.put("eventId", event.getIdentifier());
        node.put("payloadType", event.getPayloadType().getName());
        node.put("timestamp", event.getTimestamp().toString());
        node.set("data", json.valueToTree(payload));
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
                    Map<String, Object> config = new HashMap<>();
                    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
                    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
                    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
                    config.put(ProducerConfig.ACKS_CONFIG, "all");
                    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
                    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
                    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
                    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
                    config.put(ProducerConfig.CLIENT_ID_CONFIG, consumer + "-dlq-publisher");
                    producer = new KafkaProducer<>(config);
                }
                current = producer;
            }
        }
        return current;
    }

    @Override
    public void destroy() {
        KafkaProducer<String, byte[]> current = producer;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
    }

    private static void header(RecordHeaders headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
