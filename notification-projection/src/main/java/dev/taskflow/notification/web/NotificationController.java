package dev.taskflow.notification.web;

import dev.taskflow.notification.records.Notification;
import dev.taskflow.notification.records.NotificationKind;
import dev.taskflow.notification.records.NotificationRecords;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.RequestContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The in-app channel: the current user's notifications (of every organization), and read marks. */
@RestController
class NotificationController {

    private final NotificationRecords records;

    NotificationController(NotificationRecords records) {
        this.records = records;
    }

    record NotificationView(UUID id, String organizationId, NotificationKind kind, String taskId, String projectId,
                            String title, String text, String actorId, Instant createdAt, boolean read, Instant readAt) {

        static NotificationView of(Notification n) {
            return new NotificationView(n.id(), n.organizationId(), n.kind(), n.taskId(), n.projectId(), n.title(),
                    n.text(), n.actorId(), n.createdAt(), n.read(), n.readAt());
        }
    }

    /** A page of notifications, and how many of the user's notifications are unread in all. */
    record NotificationPage(List<NotificationView> items, int page, int size, long totalItems, long unread) {
    }

    @Operation(summary = "The current user's notifications, newest first; unread=true for the unread ones only")
    @GetMapping("/notifications")
    NotificationPage list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
                          @RequestParam(defaultValue = "false") boolean unread,
                          @Parameter(hidden = true) RequestContext context) {
        String user = context.requireUser();
        Paging.validate(page, size);
        List<NotificationView> items = records.of(user, unread, page, size).stream().map(NotificationView::of).toList();
        return new NotificationPage(items, page, size, records.count(user, unread), records.count(user, true));
    }

    @Operation(summary = "Marks one of the current user's notifications read (again: no change); 404 for anybody else's")
    @PostMapping("/notifications/{id}/read")
    NotificationView markRead(@PathVariable String id, @Parameter(hidden = true) RequestContext context) {
        String user = context.requireUser();
        UUID notification = parse(id);
        return records.markRead(notification, user).map(NotificationView::of)
                .orElseThrow(() -> ApiProblem.notFound("Notification " + id));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("Notification " + id);
        }
    }
}
