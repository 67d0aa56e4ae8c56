package dev.taskflow.support.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Consumer lag per processing group and topic, as gauges: {@code consumer.lag.records} (records on the
 * topic the group has not processed yet) and {@code consumer.lag.seconds} (how long the oldest of them has
 * been waiting; 0 when the group is caught up). The group's position is its tracking token (there are no
 * Kafka consumer groups, decision 0005); the topic's end offsets and the waiting record's timestamp come
 * from a consumer of the monitor's own, every {@code interval}. The positions of segments this instance
 * has claimed are read live (the slowest segment's); for a group with none claimed here (paused, or run by another instance) the
 * stored token is read instead.
 */
public final class ConsumerLagMonitor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMonitor.class);

    /** What is measured for one group and topic. */
    public record Lag(long records, double seconds) {
        static final Lag UNKNOWN = new Lag(-1, Double.NaN);
    }

    private final String bootstrapServers;
    private final Supplier<Map<String, List<String>>> topicsByGroup;
    private final Supplier<EventProcessingConfiguration> processing;
    private final Function<String, Map<TopicPartition, Long>> storedPositions;
    private final MeterRegistry meters;
    private final Duration interval;
    private final Map<String, AtomicReference<Lag>> lags = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param storedPositions the positions a group has stored (its token store), for a group no segment of
     *                        which is claimed here (paused, or processed by another instance); empty if unknown
     */
    public ConsumerLagMonitor(String bootstrapServers, Supplier<Map<String, List<String>>> topicsByGroup,
                              Supplier<EventProcessingConfiguration> processing,
                              Function<String, Map<TopicPartition, Long>> storedPositions, MeterRegistry meters,
                              Duration interval) {
        this.bootstrapServers = bootstrapServers;
        this.topicsByGroup = topicsByGroup;
        this.processing = processing;
        this.storedPositions = storedPositions;
        this.meters = meters;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        topicsByGroup.get().forEach((group, topics) -> topics.forEach(topic -> {
            AtomicReference<Lag> lag = lags.computeIfAbsent(key(group, topic), k -> new AtomicReference<>(Lag.UNKNOWN));
            Gauge.builder("consumer.lag.records", lag, l -> l.get().records() < 0 ? Double.NaN : l.get().records())
                    .description("Records on the topic the processing group has not processed yet")
                    .tag("processingGroup", group).tag("topic", topic).register(meters);
            Gauge.builder("consumer.lag.seconds", lag, l -> l.get().seconds())
                    .description("How long the oldest record the processing group has not processed has waited")
                    .baseUnit("seconds").tag("processingGroup", group).tag("topic", topic).register(meters);
        }));
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "consumer-lag-monitor");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::measureQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
            consumer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** The last measurement for a group and topic. */
    public Lag lag(String group, String topic) {
        AtomicReference<Lag> lag = lags.get(key(group, topic));
        return lag == null ? Lag.UNKNOWN : lag.get();
    }

    private void measureQuietly() {
        try {
            measure();
        } catch (RuntimeException e) {
            // the broker may be down: the gauges say "unknown" rather than an old figure
            lags.values().forEach(l -> l.set(Lag.UNKNOWN));
            log.debug("Consumer lag not measured: {}", e.toString());
            closeConsumer();
        }
    }

    private void measure() {
        EventProcessingConfiguration configuration = processing.get();
        for (Map.Entry<String, List<String>> group : topicsByGroup.get().entrySet()) {
            Map<TopicPartition, Long> positions = positionsOf(configuration, group.getKey());
            if (positions == null) {
                positions = storedPositions.apply(group.getKey());
            }
            if (positions == null) {
                group.getValue().forEach(topic -> lags.get(key(group.getKey(), topic)).set(Lag.UNKNOWN));
                continue;
            }
            for (String topic : group.getValue()) {
                lags.get(key(group.getKey(), topic)).set(lagOf(topic, positions));
            }
        }
    }

    private Lag lagOf(String topic, Map<TopicPartition, Long> positions) {
        KafkaConsumer<byte[], byte[]> kafka = consumer();
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : kafka.partitionsFor(topic, Duration.ofSeconds(5))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        Map<TopicPartition, Long> ends = kafka.endOffsets(partitions, Duration.ofSeconds(5));
        Map<TopicPartition, Long> beginnings = kafka.beginningOffsets(partitions, Duration.ofSeconds(5));
        long records = 0;
        double seconds = 0;
        for (TopicPartition partition : partitions) {
            // the token holds the offset of the last record processed; a partition it lacks is read from the start
            Long processed = positions.get(partition);
            long next = processed == null ? beginnings.getOrDefault(partition, 0L) : processed + 1;
            long behind = Math.max(0, ends.getOrDefault(partition, 0L) - next);
            records += behind;
            if (behind > 0) {
                seconds = Math.max(seconds, waitingSince(kafka, partition, next));
            }
        }
        return new Lag(records, seconds);
    }

    private static double waitingSince(KafkaConsumer<byte[], byte[]> kafka, TopicPartition partition, long offset) {
        kafka.assign(List.of(partition));
        kafka.seek(partition, offset);
        for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofSeconds(2)).records(partition)) {
            return Math.max(0, Duration.between(Instant.ofEpochMilli(record.timestamp()), Instant.now()).toMillis() / 1000.0);
        }
        return 0;
    }

    /**
     * The positions of the slowest of the group's segments claimed here, partition by partition (a segment
     * held up by one event must show as lag even while the other reads on); {@code null} if none is claimed.
     */
    private static Map<TopicPartition, Long> positionsOf(EventProcessingConfiguration configuration, String group) {
        TrackingEventProcessor processor = configuration.eventProcessor(group, TrackingEventProcessor.class).orElse(null);
        if (processor == null || processor.processingStatus().isEmpty()) {
            return null;
        }
        Map<TopicPartition, Long> positions = null;
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            TrackingToken token = WrappedToken.unwrapLowerBound(status.getTrackingToken());
            Map<TopicPartition, Long> segment = token instanceof KafkaTrackingToken kafkaToken
                    ? kafkaToken.getPositions() : Map.of();
            if (positions == null) {
                positions = new HashMap<>(segment);
            } else {
                // a partition one segment has not read yet is read from its start
                positions.keySet().retainAll(segment.keySet());
                positions.replaceAll((partition, offset) -> Math.min(offset, segment.get(partition)));
            }
        }
        return positions;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "consumer-lag-monitor");
            consumer = new KafkaConsumer<>(config);
        }
        return consumer;
    }

    private void closeConsumer() {
        if (consumer != null) {
            try {
                consumer.close(Duration.ofSeconds(1));
            } catch (RuntimeException ignored) {
                // already broken
            }
            consumer = null;
        }
    }

    private static String key(String group, String topic) {
        return group + "|" + topic;
    }
}
