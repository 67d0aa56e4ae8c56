package dev.taskflow.support.operations;

import java.time.Clock;
import java.time.Instant;
import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.ErrorHandler;

/**
 * Notes when a rebuild's batch failed, then lets the failure through so that the processor retries it.
 * (A tracking processor releases its segment while it waits to retry, so its status alone does not show
 * that it is failing.)
 */
final class RebuildFailures implements ErrorHandler {

    private final Clock clock;
    private volatile Instant since;
    private volatile String last;

    RebuildFailures(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void handleError(ErrorContext context) throws Exception {
        if (since == null) {
            since = clock.instant();
        }
        Throwable root = context.error();
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        last = root.toString();
        throw context.error() instanceof Exception e ? e : new IllegalStateException(context.error());
    }

    /** When the failures began; {@code null} while the rebuild is not failing. */
    Instant since() {
        return since;
    }

    String last() {
        return last;
    }

    /** The rebuild made progress: whatever failed before has passed. */
    void progressed() {
        since = null;
        last = null;
    }
}
