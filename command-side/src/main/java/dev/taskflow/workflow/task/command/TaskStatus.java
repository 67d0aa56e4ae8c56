package dev.taskflow.workflow.task.command;

enum TaskStatus {
    OPEN
}
