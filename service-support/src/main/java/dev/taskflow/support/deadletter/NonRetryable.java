package dev.taskflow.support.deadletter;

/**
 * Marks a handler failure that another attempt cannot cure (a malformed record, say): it is not retried
 * but dead-lettered at once.
 */
public interface NonRetryable {
}
