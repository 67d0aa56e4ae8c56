package dev.taskflow.workflow.web;

import dev.taskflow.api.messaging.MetadataKeys;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.RequestContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Sends commands to an existing aggregate and returns what its handler answers. Like service-support's
 * {@code ContextualCommandGateway} (the request context travels as metadata, failures leave through
 * {@link CommandFailures}), plus what concurrent commands on one aggregate need:
 * <ul>
 *   <li><b>A gate per aggregate in this instance.</b> Commands on one aggregate wait for each other here,
 *       before they take a database connection. Axon's own aggregate lock is only taken inside the command's
 *       transaction, so a burst of commands on one task would otherwise hold the whole connection pool while
 *       waiting, and other requests would fail with 503 for want of a connection.</li>
 *   <li><b>Retry on an optimistic-locking conflict.</b> Another instance may append to the same aggregate
 *       between our load and our append; the event store's unique (aggregate, sequence number) key refuses
 *       our append ({@link ConcurrencyException}) and the transaction rolls back. The command is sent again
 *       (up to {@value #ATTEMPTS} attempts, short jittered back-off) and decided afresh on the new state, so
 *       it may now be refused for the new state (409) or become a no-op. When every attempt conflicts the
 *       answer is 409, nothing written.</li>
 * </ul>
 */
@Component
public class AggregateCommands {

    static final int ATTEMPTS = 5;
    private static final int STRIPES = 256;
    private static final long GATE_TIMEOUT_SECONDS = 20;
    private static final Logger log = LoggerFactory.getLogger(AggregateCommands.class);

    private final CommandGateway commandGateway;
    private final CommandFailures failures;
    private final ReentrantLock[] gates = new ReentrantLock[STRIPES];
    private final Counter conflictsRetried;
    private final Counter conflictsRefused;

    AggregateCommands(CommandGateway commandGateway, CommandFailures failures, MeterRegistry meters) {
        this.commandGateway = commandGateway;
        this.failures = failures;
        for (int i = 0; i < STRIPES; i++) {
            gates[i] = new ReentrantLock(true);
        }
        this.conflictsRetried = Counter.builder("commands.conflicts").tag("outcome", "retried")
                .description("Commands whose append met a concurrent append to the same aggregate")
                .register(meters);
        this.conflictsRefused = Counter.builder("commands.conflicts").tag("outcome", "refused")
                .description("Commands answered 409 because every attempt met a concurrent append")
                .register(meters);
    }

    /**
     * Sends {@code command} (addressed to {@code aggregateId}) for {@code organizationId} and returns the
     * handler's result; a refusal leaves as the {@link CommandFailures} translation of it.
     */
    public <R> R send(Object command, String aggregateId, RequestContext context, String organizationId) {
        ReentrantLock gate = gates[Math.floorMod(aggregateId.hashCode(), STRIPES)];
        try {
            if (!gate.tryLock(GATE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw busy("Too many concurrent changes of this task; nothing was changed. Retry.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("Interrupted while waiting for concurrent changes of this task; nothing was changed.");
        }
        try {
            return sendWithRetries(command, aggregateId, context, organizationId);
        } finally {
            gate.unlock();
        }
    }

    private <R> R sendWithRetries(Object command, String aggregateId, RequestContext context, String organizationId) {
        Map<String, Object> metaData = metaData(context, organizationId);
        for (int attempt = 1; ; attempt++) {
            try {
                return commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
            } catch (RuntimeException e) {
                RuntimeException failure = e instanceof CommandExecutionException && e.getCause() instanceof RuntimeException cause
                        ? cause : e;
                if (failure instanceof IncompatibleAggregateException) {
                    // the id is another aggregate type's (a project's): not found, like an id without events
                    failure = new AggregateNotFoundException(aggregateId, failure.getMessage());
                }
                if (!isConflict(failure)) {
                    throw failures.translate(failure, organizationId);
                }
                if (attempt >= ATTEMPTS) {
                    conflictsRefused.increment();
                    log.atWarn().setMessage("{} on {} conflicted with concurrent changes {} times; answering 409")
                            .addArgument(command.getClass().getSimpleName()).addArgument(aggregateId).addArgument(attempt)
                            .addKeyValue("aggregateId", aggregateId).addKeyValue("attempts", attempt).log();
                    throw busy("The task was changed concurrently by other requests; nothing was changed. Retry.");
                }
                conflictsRetried.increment();
                log.atInfo().setMessage("{} on {} met a concurrent change (attempt {}); retrying on the new state")
                        .addArgument(command.getClass().getSimpleName()).addArgument(aggregateId).addArgument(attempt)
                        .addKeyValue("aggregateId", aggregateId).addKeyValue("attempt", attempt).log();
                backOff(attempt);
            }
        }
    }

    /** An append refused by the store's (aggregate, sequence) key, or Axon's aggregate lock not obtained. */
    static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof LockAcquisitionFailedException) {
                return true;
            }
        }
        return false;
    }

    private static void backOff(int attempt) {
        long base = 10L << Math.min(attempt - 1, 4);
        try {
            Thread.sleep(base + ThreadLocalRandom.current().nextLong(base + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("Interrupted while retrying after a concurrent change; nothing was changed.");
        }
    }

    private static ApiProblem busy(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "Concurrent modification", detail);
    }

    private static Map<String, Object> metaData(RequestContext context, String organizationId) {
        Map<String, Object> metaData = new HashMap<>();
        put(metaData, MetadataKeys.CORRELATION_ID, context.correlationId());
        put(metaData, MetadataKeys.TRACE_ID, context.traceId());
        put(metaData, MetadataKeys.TRACEPARENT, context.traceparent());
        put(metaData, MetadataKeys.USER_ID, context.userId());
        put(metaData, MetadataKeys.ORGANIZATION_ID, organizationId);
        return metaData;
    }

    private static void put(Map<String, Object> metaData, String key, String value) {
        if (value != null) {
            metaData.put(key, value);
        }
    }
}
