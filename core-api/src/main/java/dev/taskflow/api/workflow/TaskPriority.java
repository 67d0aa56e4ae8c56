package dev.taskflow.api.workflow;

/** How urgent a task is; a task created without one (and every task from before priorities) is NORMAL. */
public enum TaskPriority {
    LOW,
    NORMAL,
    HIGH
}
