package dev.taskflow.api.workflow;

/**
 * Where a task is in its life: OPEN → COMPLETED (complete) → OPEN (reopen); OPEN or COMPLETED → ARCHIVED
 * (archive), after which nothing changes any more.
 */
public enum TaskStatus {
    OPEN,
    COMPLETED,
    ARCHIVED
}
