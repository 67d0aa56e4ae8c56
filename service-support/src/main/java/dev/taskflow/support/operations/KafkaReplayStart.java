package dev.taskflow.support.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;

/**
 * Where a replay from a point in time starts: per partition, just before the first record at or after that
 * time (Kafka's {@code offsetsForTimes}); a partition with no such record starts at its end. Axon's Kafka
 * source has no token for a point in time of its own.
 */
public class KafkaReplayStart {

    private final String bootstrapServers;

    public KafkaReplayStart(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    TrackingToken tokenAt(List<String> topics, Instant from) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "replay-start");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            Map<TopicPartition, Long> query = new HashMap<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                    query.put(new TopicPartition(topic, info.partition()), from.toEpochMilli());
                }
            }
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(10));
            Map<TopicPartition, Long> ends = consumer.endOffsets(query.keySet(), Duration.ofSeconds(10));
            Map<TopicPartition, Long> positions = new HashMap<>();
            for (TopicPartition partition : query.keySet()) {
                OffsetAndTimestamp first = found.get(partition);
                long next = first != null ? first.offset() : ends.getOrDefault(partition, 0L);
                // a token holds the offset of the last record processed; a partition it lacks is read from 0
                if (next > 0) {
                    positions.put(partition, next - 1);
                }
            }
            return KafkaTrackingToken.newInstance(positions);
        }
    }
}
