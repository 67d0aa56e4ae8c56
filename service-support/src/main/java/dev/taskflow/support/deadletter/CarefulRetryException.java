package dev.taskflow.support.deadletter;

/**
 * A handler failed on the fast path, where events of a processor's batch run without a savepoint each: the
 * failure cannot be undone on its own, so the whole batch is rolled back and read again, this time with a
 * savepoint around every event (see {@link RetryingHandlerEnhancer}). Never dead-lettered.
 */
public class CarefulRetryException extends RuntimeException {

    public CarefulRetryException(String processingGroup, Throwable failure) {
        super("Handling in " + processingGroup + " failed without a savepoint; the batch is read again with one "
                + "per event: " + failure, failure);
    }
}
