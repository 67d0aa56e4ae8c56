package dev.taskflow.support.deadletter;

/**
 * The processor was stopped (its thread interrupted) while waiting to retry: the event is neither
 * handled nor dead-lettered, and is read again when the processor starts.
 */
public class ConsumerStoppingException extends RuntimeException {

    public ConsumerStoppingException(Throwable lastFailure) {
        super("Stopped while waiting to retry after: " + lastFailure, lastFailure);
    }
}
