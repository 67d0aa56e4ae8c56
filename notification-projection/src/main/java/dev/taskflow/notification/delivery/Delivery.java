package dev.taskflow.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One row of the delivery table as the dispatcher claimed it.
 *
 * @param eventType what happened: {@code task.assigned}, {@code task.completed}
 * @param attempt the attempt this claim is (1 for the first)
 * @param payload the mail body (EMAIL) or the exact JSON body (WEBHOOK), fixed when the row was written
 */
public record Delivery(UUID id, long seq, String eventId, String eventType, DeliveryChannel channel, String recipient,
                       String organizationId, UUID notificationId, String subject, String payload, int attempt) {

    /** The id of the delivery of {@code eventId} over {@code channel} to {@code recipient}. */
    public static UUID idOf(String eventId, DeliveryChannel channel, String recipient) {
        return UUID.nameUUIDFromBytes(("delivery/" + eventId + "/" + channel + "/" + recipient)
                .getBytes(StandardCharsets.UTF_8));
    }
}
