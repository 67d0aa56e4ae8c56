package dev.taskflow.support.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Kafka is and how topics are made.
 *
 * @param bootstrapServers broker addresses
 * @param source           the service name written into every envelope this service publishes
 * @param partitions       partitions of a topic this service creates when it is missing
 * @param replicationFactor replication of a topic this service creates when it is missing
 * @param publisherBatchSize events the outbox publisher sends per transaction: all are sent, then every
 *                           acknowledgement is awaited, then the token moves once (default 100)
 */
@ConfigurationProperties("taskflow.kafka")
public record KafkaMessagingProperties(String bootstrapServers, String source, Integer partitions,
                                       Short replicationFactor, Integer publisherBatchSize) {

    public KafkaMessagingProperties {
        bootstrapServers = bootstrapServers == null ? "localhost:9092" : bootstrapServers;
        partitions = partitions == null ? 3 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        publisherBatchSize = publisherBatchSize == null ? 100 : publisherBatchSize;
    }
}
