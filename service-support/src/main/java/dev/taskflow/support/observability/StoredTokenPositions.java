package dev.taskflow.support.observability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Kafka positions a processing group has stored in its token table, read without claiming anything
 * (Axon's token store can only fetch by claiming). {@code null} when the group has no Kafka token yet.
 * With several segments, {@link #apply} gives the furthest position any segment has read on each partition;
 * {@link #slowest} what every segment has read.
 */
public final class StoredTokenPositions implements Function<String, Map<TopicPartition, Long>> {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public StoredTokenPositions(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    @Override
    public Map<TopicPartition, Long> apply(String processingGroup) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        boolean[] found = {false};
        jdbc.query("select token, token_type from token_entry where processor_name = ? and token is not null",
                rs -> {
                    TrackingToken token = serializer.deserialize(new SimpleSerializedObject<>(
                            rs.getBytes("token"), byte[].class, rs.getString("token_type"), null));
                    if (WrappedToken.unwrapLowerBound(token) instanceof KafkaTrackingToken kafka) {
                        found[0] = true;
                        kafka.getPositions().forEach((partition, offset) -> positions.merge(partition, offset, Math::max));
                    }
                }, processingGroup);
        return found[0] ? positions : null;
    }

    /**
     * For each partition the position every segment has read up to (a segment that has not read a partition
     * yet stands at -1 there); empty while any segment has no Kafka token yet. Each segment reads every
     * partition and keeps only its share of the records, so only this position is covered by all of them.
     */
    public Map<TopicPartition, Long> slowest(String processingGroup) {
        List<Map<TopicPartition, Long>> segments = new ArrayList<>();
        boolean[] unread = {false};
        jdbc.query("select token, token_type from token_entry where processor_name = ?", rs -> {
            byte[] bytes = rs.getBytes("token");
            TrackingToken token = bytes == null ? null : serializer.deserialize(new SimpleSerializedObject<>(
                    bytes, byte[].class, rs.getString("token_type"), null));
            if (WrappedToken.unwrapLowerBound(token) instanceof KafkaTrackingToken kafka) {
                segments.add(kafka.getPositions());
            } else {
                unread[0] = true;
            }
        }, processingGroup);
        return unread[0] ? Map.of() : slowestOf(segments);
    }

    /** Per partition the lowest position of the segments; a segment without the partition stands at -1 there. */
    static Map<TopicPartition, Long> slowestOf(List<Map<TopicPartition, Long>> segments) {
        Map<TopicPartition, Long> slowest = new HashMap<>();
        segments.forEach(positions -> positions.keySet().forEach(partition -> slowest.put(partition, Long.MAX_VALUE)));
        for (Map<TopicPartition, Long> positions : segments) {
            slowest.replaceAll((partition, offset) -> Math.min(offset, positions.getOrDefault(partition, -1L)));
        }
        return slowest;
    }
}
