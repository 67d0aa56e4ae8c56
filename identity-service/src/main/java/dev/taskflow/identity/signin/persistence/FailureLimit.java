package dev.taskflow.identity.signin.persistence;

import java.time.Duration;

/**
 * When a run of failures locks: at {@code maxFailures} for {@code firstLock}, doubling with each
 * further failure up to {@code maxLock}. A failure {@code window} after the previous one (or after the
 * lock ended) starts a new run.
 */
public record FailureLimit(int maxFailures, Duration window, Duration firstLock, Duration maxLock) {
}
