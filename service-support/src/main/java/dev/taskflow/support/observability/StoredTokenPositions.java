package dev.taskflow.support.observability;

import java.util.HashMap;
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
}
