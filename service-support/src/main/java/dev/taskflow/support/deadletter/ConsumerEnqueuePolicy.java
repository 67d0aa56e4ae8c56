package dev.taskflow.support.deadletter;

import java.time.Instant;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jpa.JpaDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;

/**
 * Decides what happens to an event whose handler gave up (after the retries of
 * {@link RetryingHandlerEnhancer}, or at once for a {@link NonRetryable} failure):
 * <ul>
 *   <li>the consumer's own database is unreachable, or the processor is stopping: <b>not</b> dead-lettered.
 *       The failure is thrown on, the processor rolls back and retries the event later (with its own
 *       back-off, up to a minute) — nothing is skipped, and nothing can be written to a queue that lives in
 *       the unreachable database anyway. A replay that meets this keeps its letters where they are;</li>
 *   <li>anything else: dead-lettered, with the failure (class and message, the driver's message added,
 *       at most 1023 characters) as cause and the number of attempts and the time of the failure as
 *       diagnostics.</li>
 * </ul>
 */
public class ConsumerEnqueuePolicy implements EnqueuePolicy<EventMessage<?>> {

    public static final String ATTEMPTS = "attempts";
    public static final String FAILED_AT = "failedAt";

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        Throwable failure = Failures.unwrap(cause);
        boolean replaying = letter instanceof JpaDeadLetter<?>;
        if (!replaying && (cause instanceof ConsumerStoppingException || cause instanceof CarefulRetryException
                || Failures.databaseUnavailable(failure))) {
            throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("handler failed, not dead-lettered: " + cause, cause);
        }
        int attempts = cause instanceof RetriesExhaustedException exhausted ? exhausted.attempts() : 1;
        ThrowableCause reason = new ThrowableCause(failure.getClass().getName(), Failures.message(failure));
        return Decisions.enqueue(reason, l -> l.diagnostics()
                .and(ATTEMPTS, attempts)
                .and(FAILED_AT, Instant.now().toString()));
    }
}
