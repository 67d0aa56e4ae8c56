package dev.taskflow.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.Buffer;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.SortedKafkaMessageBuffer;
import org.junit.jupiter.api.Test;

/**
 * Records carry the token of everything fetched up to them (Axon's converter builds it so); a buffer must
 * hand them out in fetch order for those tokens to be true.
 */
class FetchOrderMessageBufferTest {

    private static final long T0 = Instant.parse("2026-11-29T03:00:00Z").toEpochMilli();

    /** One fetch over two topics; the later topic's record is older, as happens when both have a backlog. */
    private static List<KafkaEventMessage> fetch() {
        Fetch fetch = new Fetch();
        return List.of(
                fetch.record("workflow.task.created", 0, 0, T0 + 20, "task-1"),
                fetch.record("workflow.task.created", 0, 1, T0 + 30, "task-2"),
                fetch.record("organization.member.added", 0, 0, T0 + 10, "member-1"));
    }

    @Test
    void everyRecordLeavesWithATokenCoveringExactlyTheRecordsHandedOutSoFar() throws InterruptedException {
        FetchOrderMessageBuffer buffer = new FetchOrderMessageBuffer(100);
        buffer.putAll(fetch());

        assertThat(handOut(buffer)).allSatisfy(step -> assertThat(step.token()).isEqualTo(step.handedOut()));
        assertThat(buffer.isEmpty()).isTrue();
    }

    /** Why the buffer exists: Axon's sorts by timestamp, and a token then covers a record not handed out yet. */
    @Test
    void axonsSortedBufferHandsOutATokenAheadOfTheRecordsHandedOut() throws InterruptedException {
        SortedKafkaMessageBuffer<KafkaEventMessage> axons = new SortedKafkaMessageBuffer<>(100);
        axons.putAll(fetch());

        Step first = handOut(axons).get(0);
        assertThat(first.payload()).isEqualTo("member-1");
        // committed after this record, the token would skip task-1 and task-2 on a restart
        assertThat(first.token()).containsKey(new TopicPartition("workflow.task.created", 0));
        assertThat(first.handedOut()).doesNotContainKey(new TopicPartition("workflow.task.created", 0));
    }

    @Test
    void recordsOfDifferentTopicsAtTheSameMillisecondPartitionAndOffsetAreAllKept() throws InterruptedException {
        Fetch fetch = new Fetch();
        FetchOrderMessageBuffer buffer = new FetchOrderMessageBuffer(100);
        buffer.put(fetch.record("workflow.project.created", 1, 0, T0, "p-1"));
        buffer.put(fetch.record("workflow.task.created", 1, 0, T0, "t-1"));

        assertThat(handOut(buffer)).extracting(Step::payload).containsExactly("p-1", "t-1");
        // Axon's buffer keeps them in a set ordered without the topic: one of the two is gone
        SortedKafkaMessageBuffer<KafkaEventMessage> axons = new SortedKafkaMessageBuffer<>(100);
        axons.put(fetch.record("workflow.project.created", 1, 0, T0, "p-1"));
        axons.put(fetch.record("workflow.task.created", 1, 0, T0, "t-1"));
        assertThat(axons.size()).isEqualTo(1);
    }

    @Test
    void aFetchFailureReachesTheReaderOfAnEmptyBufferAndCapacityIsKept() throws InterruptedException {
        FetchOrderMessageBuffer buffer = new FetchOrderMessageBuffer(2);
        buffer.putAll(fetch().subList(0, 2));
        assertThat(buffer.remainingCapacity()).isZero();
        assertThat(buffer.peek().value().getPayload()).isEqualTo("task-1");

        buffer.setException(new IllegalStateException("broker gone"));
        // what was fetched before the failure is still handed out, then the failure
        assertThat(buffer.poll(1, TimeUnit.SECONDS).value().getPayload()).isEqualTo("task-1");
        assertThat(buffer.take().value().getPayload()).isEqualTo("task-2");
        assertThatThrownBy(() -> buffer.poll(1, TimeUnit.SECONDS)).hasMessage("broker gone");
    }

    private record Step(String payload, Map<TopicPartition, Long> token, Map<TopicPartition, Long> handedOut) {
    }

    private static List<Step> handOut(Buffer<KafkaEventMessage> buffer) throws InterruptedException {
        List<Step> steps = new ArrayList<>();
        Map<TopicPartition, Long> handedOut = new HashMap<>();
        KafkaEventMessage next;
        while ((next = buffer.poll(0, TimeUnit.MILLISECONDS)) != null) {
            String topic = (String) next.value().getMetaData().get(KafkaMetadataKeys.TOPIC);
            handedOut.merge(new TopicPartition(topic, next.partition()), next.offset(), Math::max);
            KafkaTrackingToken token = (KafkaTrackingToken) next.value().trackingToken();
            steps.add(new Step((String) next.value().getPayload(), token.getPositions(), Map.copyOf(handedOut)));
        }
        return steps;
    }

    /** Builds records the way Axon's converter does: each carries the token of all fetched up to it. */
    private static final class Fetch {

        private KafkaTrackingToken token = KafkaTrackingToken.emptyToken();

        KafkaEventMessage record(String topic, int partition, long offset, long timestamp, String payload) {
            token = token.advancedTo(topic, partition, offset);
            var event = new GenericEventMessage<>(payload, Map.of(KafkaMetadataKeys.TOPIC, topic));
            return new KafkaEventMessage(new GenericTrackedEventMessage<>(token, event), partition, offset, timestamp);
        }
    }
}
