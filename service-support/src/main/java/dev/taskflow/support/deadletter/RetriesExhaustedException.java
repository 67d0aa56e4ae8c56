package dev.taskflow.support.deadletter;

/** A handler failed on every attempt its retry policy allows; the cause is the last attempt's failure. */
public class RetriesExhaustedException extends RuntimeException {

    private final int attempts;

    public RetriesExhaustedException(int attempts, Throwable lastFailure) {
        super("Failed " + attempts + " attempt(s): " + lastFailure, lastFailure);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
