package dev.taskflow.notification.records;

/** What a notification tells its recipient. */
public enum NotificationKind {
    /** You were assigned a task (by somebody else). */
    TASK_ASSIGNED,
    /** A task you created or are assigned to was completed (by somebody else). */
    TASK_COMPLETED
}
