package dev.taskflow.notification.records;

import dev.taskflow.api.workflow.TaskAssignedEvent;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who is notified of what. Pure: the same event always gives the same notifications (with the same ids),
 * so the live projection, a redelivery and a rebuild agree.
 * <ul>
 *   <li>{@code TaskAssigned}: the new assignee, unless they assigned the task to themselves.</li>
 *   <li>{@code TaskCompleted}: the task's watchers, its creator and its assignee, except whoever completed
 *       it (and each once, when the creator is the assignee).</li>
 * </ul>
 */
public final class NotificationRules {

    public static final String TASK_ASSIGNED = "task.assigned";
    public static final String TASK_COMPLETED = "task.completed";

    private NotificationRules() {
    }

    /** @param timestamp the event's timestamp, used when the event carries no time of its own */
    public static NotifiableEvent of(TaskAssignedEvent event, String eventId, Instant timestamp) {
        Instant at = event.assignedAt() != null ? event.assignedAt() : timestamp;
        List<Notification> notifications = new ArrayList<>();
        if (event.assigneeId() != null && !event.assigneeId().equals(event.assignedBy())) {
            notifications.add(notification(eventId, event.assigneeId(), event.organizationId(), event.projectId(),
                    event.taskId(), NotificationKind.TASK_ASSIGNED, event.title(),
                    "You were assigned the task \"" + title(event.title()) + "\"", event.assignedBy(), at));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("assigneeId", event.assigneeId());
        data.put("previousAssigneeId", event.previousAssigneeId());
        data.put("assignedBy", event.assignedBy());
        return new NotifiableEvent(eventId, TASK_ASSIGNED, event.organizationId(), event.projectId(), event.taskId(),
                title(event.title()), event.assignedBy(), at, withoutNulls(data), notifications);
    }

    public static NotifiableEvent of(TaskCompletedEvent event, String eventId, Instant timestamp) {
        Instant at = event.completedAt() != null ? event.completedAt() : timestamp;
        Set<String> watchers = new LinkedHashSet<>();
        watchers.add(event.createdBy());
        watchers.add(event.assigneeId());
        watchers.removeIf(Objects::isNull);
        watchers.remove(event.completedBy());
        List<Notification> notifications = new ArrayList<>();
        for (String watcher : watchers) {
            notifications.add(notification(eventId, watcher, event.organizationId(), event.projectId(), event.taskId(),
                    NotificationKind.TASK_COMPLETED, event.title(),
                    "The task \"" + title(event.title()) + "\" was completed", event.completedBy(), at));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("createdBy", event.createdBy());
        data.put("assigneeId", event.assigneeId());
        data.put("completedBy", event.completedBy());
        return new NotifiableEvent(eventId, TASK_COMPLETED, event.organizationId(), event.projectId(), event.taskId(),
                title(event.title()), event.completedBy(), at, withoutNulls(data), notifications);
    }

    private static Notification notification(String eventId, String recipient, String organizationId, String projectId,
                                             String taskId, NotificationKind kind, String title, String text,
                                             String actorId, Instant at) {
        return new Notification(Notification.idOf(eventId, recipient), eventId, recipient, organizationId, projectId,
                taskId, kind, title(title), text, actorId, at, null);
    }

    private static String title(String title) {
        return title == null || title.isBlank() ? "(untitled)" : title;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> data) {
        data.values().removeIf(Objects::isNull);
        return data;
    }
}
