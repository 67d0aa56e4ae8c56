package dev.taskflow.notification.records;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow event as notifications see it: what happened to which task, who did it, and whom it
 * notifies ({@link NotificationRules}). Webhooks receive it whole.
 *
 * @param type          the public name of what happened: {@code task.assigned}, {@code task.completed}
 * @param data          the event's own facts beyond the task (assignee, previous assignee, creator, …)
 * @param notifications one per recipient; may be empty (a user who assigned a task to themselves)
 */
public record NotifiableEvent(String eventId, String type, String organizationId, String projectId, String taskId,
                              String title, String actorId, Instant occurredAt, Map<String, Object> data,
                              List<Notification> notifications) {

    public NotifiableEvent {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        notifications = List.copyOf(notifications);
    }
}
