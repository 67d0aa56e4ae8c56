package dev.taskflow.notification.records;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One notification of one recipient about one event.
 *
 * @param id        derived from (eventId, recipient): the same record gets the same id in a rebuild
 * @param actorId   who did what the notification tells (assigned, completed)
 * @param createdAt when it happened (the event's own time)
 * @param readAt    when the recipient marked it read, {@code null} while unread (not part of the record
 *                  table: kept apart so a rebuild keeps it)
 */
public record Notification(UUID id, String eventId, String recipientId, String organizationId, String projectId,
                           String taskId, NotificationKind kind, String title, String text, String actorId,
                           Instant createdAt, Instant readAt) {

    public boolean read() {
        return readAt != null;
    }

    /** The id of the notification of {@code recipientId} about event {@code eventId}. */
    public static UUID idOf(String eventId, String recipientId) {
        return UUID.nameUUIDFromBytes(("notification/" + eventId + "/" + recipientId).getBytes(StandardCharsets.UTF_8));
    }
}
