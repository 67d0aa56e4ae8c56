package dev.taskflow.support.deadletter;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the tracking processors of a consuming service share out their work
 * ({@code taskflow.consumer.processing.*}); see docs/scaling.md.
 *
 * @param segments  segments a processor's events are split into, by their dead-letter sequence (default 2): the
 *                  most instances (or threads) that can process one group at once. Only read when the group has
 *                  no token yet; an existing group keeps the segments it has.
 * @param threads   segments one instance processes at once (default 2). At least {@code segments}, so that one
 *                  instance alone processes every segment and takes over those of an instance that died.
 * @param batchSize events handled in one transaction (default 1)
 */
@ConfigurationProperties("taskflow.consumer.processing")
public record ConsumerProcessingProperties(Integer segments, Integer threads, Integer batchSize) {

    public ConsumerProcessingProperties {
        segments = segments == null ? 2 : segments;
        threads = threads == null ? 2 : threads;
        batchSize = batchSize == null ? 1 : batchSize;
        if (segments < 1 || threads < 1 || batchSize < 1) {
            throw new IllegalArgumentException("taskflow.consumer.processing: segments, threads and batch-size must "
                    + "be positive");
        }
    }
}
