package dev.taskflow.support.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** What every segment of a processor has read: the position a rebuild must reach before it may swap in. */
class StoredTokenPositionsTest {

    private static final TopicPartition P0 = new TopicPartition("workflow.task.created", 0);
    private static final TopicPartition P1 = new TopicPartition("workflow.task.created", 1);

    @Test
    void eachPartitionStandsWhereItsSlowestSegmentIs() {
        Map<TopicPartition, Long> slowest = StoredTokenPositions.slowestOf(List.of(
                Map.of(P0, 40L, P1, 7L),
                Map.of(P0, 12L, P1, 30L)));

        assertThat(slowest).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 12L, P1, 7L));
    }

    @Test
    void aPartitionOneSegmentHasNotReadYetIsUnread() {
        Map<TopicPartition, Long> slowest = StoredTokenPositions.slowestOf(List.of(
                Map.of(P0, 40L, P1, 9L),
                Map.of(P0, 41L)));

        assertThat(slowest).containsEntry(P0, 40L).containsEntry(P1, -1L);
    }
}
