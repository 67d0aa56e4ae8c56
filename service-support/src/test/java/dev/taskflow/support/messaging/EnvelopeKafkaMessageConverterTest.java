package dev.taskflow.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.workflow.TaskAssignedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

/** The aggregate sequence travels from a domain event to the record header and back into the metadata. */
class EnvelopeKafkaMessageConverterTest {

    private static final String HEADER = EnvelopeKafkaMessageConverter.AGGREGATE_SEQUENCE;

    private final EnvelopeKafkaMessageConverter converter = new EnvelopeKafkaMessageConverter("test-service");

    @Test
    void aDomainEventCarriesItsAggregateSequenceToTheConsumer() {
        TaskAssignedEvent assigned = assigned();
        EventMessage<?> event = new GenericDomainEventMessage<>("Task", assigned.taskId(), 7L, assigned,
                MetaData.with("correlationId", "corr-1"));

        ProducerRecord<String, byte[]> record = converter.createKafkaMessage(event, Topics.WORKFLOW_TASK_ASSIGNED);

        assertThat(text(record.headers().lastHeader(HEADER))).isEqualTo("7");
        assertThat(text(record.headers().lastHeader("eventId"))).isEqualTo(event.getIdentifier());
        EventMessage<?> read = converter.readKafkaMessage(consumed(record)).orElseThrow();
        assertThat(read.getMetaData().get(HEADER)).isEqualTo(7L);
        assertThat(read.getIdentifier()).isEqualTo(event.getIdentifier());
        assertThat(read.getPayload()).isEqualTo(assigned);
        assertThat(read.getMetaData()).containsEntry("correlationId", "corr-1");
    }

    @Test
    void anEventOutsideAnAggregateHasNoSequence() {
        EventMessage<?> event = GenericEventMessage.asEventMessage(assigned());

        ProducerRecord<String, byte[]> record = converter.createKafkaMessage(event, Topics.WORKFLOW_TASK_ASSIGNED);

        assertThat(record.headers().lastHeader(HEADER)).isNull();
        assertThat(converter.readKafkaMessage(consumed(record)).orElseThrow().getMetaData()).doesNotContainKey(HEADER);
    }

    @Test
    void aSequenceThatIsNotANumberIsIgnoredRatherThanStoppingThePartition() {
        ProducerRecord<String, byte[]> record = converter.createKafkaMessage(
                new GenericDomainEventMessage<>("Task", "t", 3L, assigned()), Topics.WORKFLOW_TASK_ASSIGNED);
        RecordHeaders broken = new RecordHeaders();
        record.headers().forEach(header -> {
            if (!header.key().equals(HEADER)) {
                broken.add(header);
            }
        });
        broken.add(HEADER, "three".getBytes(StandardCharsets.UTF_8));

        Optional<EventMessage<?>> read = converter.readKafkaMessage(consumed(
                new ProducerRecord<>(record.topic(), null, record.key(), record.value(), broken)));

        assertThat(read).isPresent();
        assertThat(read.get().getMetaData()).doesNotContainKey(HEADER);
        assertThat(read.get().getMetaData()).containsKeys(KafkaMetadataKeys.TOPIC, KafkaMetadataKeys.OFFSET);
    }

    private static TaskAssignedEvent assigned() {
        return new TaskAssignedEvent("org-1", "project-1", "task-1", "Write it", "user-2", null, "user-1",
                Instant.parse("2026-03-01T10:00:00Z"));
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
        return new ConsumerRecord<>(record.topic(), 0, 42L, 1_000L, TimestampType.CREATE_TIME, -1, -1, record.key(),
                record.value(), record.headers(), Optional.empty());
    }

    private static String text(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
