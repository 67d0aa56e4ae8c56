package dev.taskflow.support.deadletter;

import dev.taskflow.support.deadletter.ConsumerFailureProperties.RetrySettings;
import java.time.Duration;

/**
 * Bounded exponential back-off with jitter: after the n-th failed attempt (n = 1, 2, …) the wait is
 * {@code min(maxInterval, initialInterval × multiplier^(n-1))}, varied at random by ±{@code jitter}; after
 * {@code maxAttempts} attempts the event is given up (dead-lettered).
 */
public record RetryPolicy(int maxAttempts, Duration initialInterval, double multiplier, Duration maxInterval,
                          double jitter) {

    /** 5 attempts, 200 ms, ×2, at most 5 s, ±20 %: about 3 s of trying before an event is dead-lettered. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), 0.2);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1, was " + maxAttempts);
        }
        if (initialInterval == null || initialInterval.isNegative()) {
            throw new IllegalArgumentException("initial-interval must not be negative");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
        if (maxInterval == null || maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("max-interval must not be below initial-interval");
        }
        if (jitter < 0.0 || jitter >= 1.0) {
            throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
        }
    }

    /** This policy with every field {@code settings} sets replaced; {@code null} settings change nothing. */
    public RetryPolicy overriddenBy(RetrySettings settings) {
        if (settings == null) {
            return this;
        }
        return new RetryPolicy(
                settings.maxAttempts() != null ? settings.maxAttempts() : maxAttempts,
                settings.initialInterval() != null ? settings.initialInterval() : initialInterval,
                settings.multiplier() != null ? settings.multiplier() : multiplier,
                settings.maxInterval() != null ? settings.maxInterval() : maxInterval,
                settings.jitter() != null ? settings.jitter() : jitter);
    }

    /** The wait before the next attempt, without jitter, after {@code failedAttempts} failures. */
    public Duration nominalBackoff(int failedAttempts) {
        double millis = initialInterval.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
        return Duration.ofMillis((long) Math.min(millis, maxInterval.toMillis()));
    }

    /**
     * The wait before the next attempt after {@code failedAttempts} failures.
     *
     * @param random a number in [0, 1): 0 gives the lowest jittered wait, towards 1 the highest
     */
    public Duration backoff(int failedAttempts, double random) {
        long nominal = nominalBackoff(failedAttempts).toMillis();
        double factor = 1.0 + jitter * (2.0 * random - 1.0);
        return Duration.ofMillis(Math.max(0L, Math.round(nominal * factor)));
    }

    /** The longest an event can be retried before it is dead-lettered (all waits at their jittered maximum). */
    public Duration worstCaseRetryTime() {
        long total = 0;
        for (int failed = 1; failed < maxAttempts; failed++) {
            total += Math.round(nominalBackoff(failed).toMillis() * (1.0 + jitter));
        }
        return Duration.ofMillis(total);
    }
}
