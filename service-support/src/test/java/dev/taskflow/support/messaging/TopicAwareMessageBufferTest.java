package dev.taskflow.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.SortedKafkaMessageBuffer;
import org.junit.jupiter.api.Test;

/** Records of several topics that share a millisecond, a partition number and an offset. */
class TopicAwareMessageBufferTest {

    private static final long SAME_MILLISECOND = Instant.parse("2026-11-29T03:00:00Z").toEpochMilli();

    @Test
    void recordsOfDifferentTopicsAtTheSameMillisecondPartitionAndOffsetAreAllKept() throws InterruptedException {
        TopicAwareMessageBuffer buffer = new TopicAwareMessageBuffer(100);

        buffer.put(record("workflow.project.created", "p-1"));
        buffer.put(record("workflow.task.created", "t-1"));
        buffer.putAll(List.of(record("organization.member.added", "m-1")));

        assertThat(buffer.size()).isEqualTo(3);
        List<Object> payloads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            payloads.add(buffer.poll(1, TimeUnit.SECONDS).value().getPayload());
        }
        assertThat(payloads).containsExactlyInAnyOrder("p-1", "t-1", "m-1");
        assertThat(buffer.isEmpty()).isTrue();
    }

    /** Why the buffer exists: Axon's own keeps one of two such records. */
    @Test
    void axonsSortedBufferDropsTheSecondOfTwoSuchRecords() throws InterruptedException {
        SortedKafkaMessageBuffer<KafkaEventMessage> axons = new SortedKafkaMessageBuffer<>(100);

        axons.put(record("workflow.project.created", "p-1"));
        axons.put(record("workflow.task.created", "t-1"));

        assertThat(axons.size()).isEqualTo(1);
    }

    @Test
    void recordsLeaveInTimestampOrderWhateverTheirTopic() throws InterruptedException {
        TopicAwareMessageBuffer buffer = new TopicAwareMessageBuffer(100);
        buffer.put(record("b-topic", "later", SAME_MILLISECOND + 5, 0, 7));
        buffer.put(record("a-topic", "earlier", SAME_MILLISECOND, 2, 9));

        assertThat(buffer.take().value().getPayload()).isEqualTo("earlier");
        assertThat(buffer.peek().value().getPayload()).isEqualTo("later");
    }

    private static KafkaEventMessage record(String topic, String payload) {
        return record(topic, payload, SAME_MILLISECOND, 1, 0);
    }

    private static KafkaEventMessage record(String topic, String payload, long timestamp, int partition, long offset) {
        var event = new GenericEventMessage<>(payload, Map.of(KafkaMetadataKeys.TOPIC, topic));
        var tracked = new GenericTrackedEventMessage<>(KafkaTrackingToken.emptyToken(), event);
        return new KafkaEventMessage(tracked, partition, offset, timestamp);
    }
}
