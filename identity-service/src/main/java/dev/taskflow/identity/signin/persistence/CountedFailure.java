package dev.taskflow.identity.signin.persistence;

import java.time.Instant;

/**
 * One failure counted in its run.
 *
 * @param failures    the run's length including this one
 * @param lockedUntil the lock this failure started, or null when the run is still below the limit
 */
public record CountedFailure(int failures, Instant lockedUntil) {
}
