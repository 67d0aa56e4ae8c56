package dev.taskflow.notification.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A delivery as its owner may see it (webhook deliveries of an organization), with every attempt.
 *
 * @param attemptCount  attempts started so far
 * @param nextAttemptAt when a PENDING delivery is tried (again), {@code null} otherwise
 */
public record DeliveryRecord(UUID id, String eventId, DeliveryChannel channel, String recipient, DeliveryStatus status,
                             int attemptCount, Instant createdAt, Instant deliveredAt, Instant nextAttemptAt,
                             String lastError, List<Attempt> attempts) {

    /** @param outcome DELIVERED, RETRY, FAILED, CANCELLED or INTERRUPTED; {@code null} while under way */
    public record Attempt(int attempt, Instant startedAt, Instant finishedAt, String outcome, Integer statusCode,
                          String error) {
    }
}
