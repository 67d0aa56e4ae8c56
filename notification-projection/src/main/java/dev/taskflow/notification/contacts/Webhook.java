package dev.taskflow.notification.contacts;

import java.time.Instant;
import java.util.UUID;

/** A URL an organization receives its task events at; {@code secret} signs every delivery. */
public record Webhook(UUID id, String organizationId, String url, String secret, String createdBy, Instant createdAt) {
}
