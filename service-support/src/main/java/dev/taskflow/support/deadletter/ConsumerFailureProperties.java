package dev.taskflow.support.deadletter;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a consuming service treats events its handlers fail on ({@code taskflow.consumer.*}).
 *
 * @param name       the consumer's short name: its dead-letter topic is {@code <name>.dlq} and its log line
 *                   {@code "<Name> event moved to DLQ"} (e.g. {@code audit}, {@code analytics}, {@code query}).
 *                   Required by a service that registers a dead-lettering processor.
 * @param retry      retry settings for every dead-lettering processor of the service; unset fields take
 *                   {@link RetryPolicy#DEFAULT}
 * @param processors per processing group, settings that override {@code retry} field by field
 * @param deadLetter limits of the dead-letter queues and the topic publication
 * @param lagInterval how often consumer lag ({@code consumer.lag.*}) is measured (default 5s)
 */
@ConfigurationProperties("taskflow.consumer")
public record ConsumerFailureProperties(String name, RetrySettings retry, Map<String, RetrySettings> processors,
                                        DeadLetterSettings deadLetter, Duration lagInterval) {

    public ConsumerFailureProperties {
        lagInterval = lagInterval == null ? Duration.ofSeconds(5) : lagInterval;
        processors = processors == null ? Map.of() : Map.copyOf(processors);
        deadLetter = deadLetter == null ? new DeadLetterSettings(null, null, null) : deadLetter;
    }

    /** The resolved retry policy of {@code processingGroup}: defaults, then {@code retry}, then the group's own. */
    public RetryPolicy retryFor(String processingGroup) {
        return RetryPolicy.DEFAULT.overriddenBy(retry).overriddenBy(processors.get(processingGroup));
    }

    /**
     * Retry settings; every field is optional and falls back to the level above.
     *
     * @param maxAttempts     attempts in all, the first included (1 = no retry)
     * @param initialInterval wait after the first failed attempt
     * @param multiplier      factor by which the wait grows after each further failure
     * @param maxInterval     longest wait between two attempts
     * @param jitter          each wait is varied at random by up to this fraction, up or down (0.2 = ±20%)
     */
    public record RetrySettings(Integer maxAttempts, Duration initialInterval, Double multiplier,
                                Duration maxInterval, Double jitter) {
    }

    /**
     * @param publishTimeout  how long to wait for the broker to acknowledge a dead letter on the dead-letter
     *                        topic (default 10s); on timeout the event is not dead-lettered but retried later
     * @param maxSequences    most sequences a processing group's queue holds (default 1024); beyond it the
     *                        processor stops and retries instead of dropping anything
     * @param maxSequenceSize most letters in one sequence (default 1024), same behaviour when exceeded
     */
    public record DeadLetterSettings(Duration publishTimeout, Integer maxSequences, Integer maxSequenceSize) {

        public DeadLetterSettings {
            publishTimeout = publishTimeout == null ? Duration.ofSeconds(10) : publishTimeout;
            maxSequences = maxSequences == null ? 1024 : maxSequences;
            maxSequenceSize = maxSequenceSize == null ? 1024 : maxSequenceSize;
            if (publishTimeout.isNegative() || publishTimeout.isZero() || maxSequences < 1 || maxSequenceSize < 1) {
                throw new IllegalArgumentException("taskflow.consumer.dead-letter: publish-timeout, max-sequences and "
                        + "max-sequence-size must be positive");
            }
        }
    }
}
