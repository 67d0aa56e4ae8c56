package dev.taskflow.support.deadletter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import javax.sql.DataSource;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Retries a failing event handler of a dead-lettering processing group in place, with the group's
 * {@link RetryPolicy} (exponential back-off with jitter), before the failure reaches the dead-letter
 * queue.
 * <p>
 * Every attempt runs in a JDBC savepoint of the processor's transaction: a failed SQL statement aborts a
 * PostgreSQL transaction, so without rolling back to the savepoint neither a retry nor the dead letter
 * written after the last attempt could use it. (A plain JDBC savepoint on the transaction's connection:
 * Spring's JPA transaction manager offers no nested transactions with Hibernate. The handlers write with
 * JDBC, so no JPA state has to be undone.) Failures that are
 * {@link NonRetryable} are passed on at once; after the last attempt the failure is passed on wrapped in
 * {@link RetriesExhaustedException} (the last failure is its cause).
 * <p>
 * A savepoint costs two round trips to the database per event, more than the handler's own write. So in a
 * tracking processor's batch the events first run without one (the fast path); the first failure rolls the
 * whole batch back ({@link CarefulRetryException}) and the group then takes the careful path above, with
 * savepoints, for {@link #CAREFUL_FOR} after its last failure. Dead-letter replays always take it.
 * <p>
 * Applies to {@code @EventHandler} methods of classes annotated {@link ProcessingGroup} whose group
 * has a policy; everything else is left as it is.
 */
public class RetryingHandlerEnhancer implements HandlerEnhancerDefinition {

    /** How long a group stays on the careful path after a failure. */
    static final Duration CAREFUL_FOR = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(RetryingHandlerEnhancer.class);

    private final Map<String, Instant> carefulUntil = new ConcurrentHashMap<>();
    private volatile DataSource dataSource;

    private final Function<String, RetryPolicy> policies;
    private final ObjectProvider<DataSource> dataSources;
    private final ObjectProvider<MeterRegistry> meters;

    /**
     * @param policies the retry policy of a processing group, {@code null} when the group does not retry
     *                 (looked up on every failure, so groups may register after handlers were wrapped)
     */
    public RetryingHandlerEnhancer(Function<String, RetryPolicy> policies,
                                   ObjectProvider<DataSource> dataSources,
                                   ObjectProvider<MeterRegistry> meters) {
        this.policies = policies;
        this.dataSources = dataSources;
        this.meters = meters;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class)) {
            return original;
        }
        Class<?> declaringClass;
        try {
            declaringClass = original.declaringClass();
        } catch (UnsupportedOperationException e) {
            return original;
        }
        ProcessingGroup group = declaringClass == null ? null
                : AnnotationUtils.findAnnotation(declaringClass, ProcessingGroup.class);
        return group == null ? original : new RetryingMember<>(original, group.value());
    }

    private final class RetryingMember<T> extends WrappedMessageHandlingMember<T> {

        private final String processingGroup;

        RetryingMember(MessageHandlingMember<T> delegate, String processingGroup) {
            super(delegate);
            this.processingGroup = processingGroup;
        }

        @Override
        public Object handle(Message<?> message, T target) throws Exception {
            RetryPolicy policy = policies.apply(processingGroup);
            if (policy == null || !(message instanceof EventMessage)) {
                return super.handle(message, target);
            }
            DataSource dataSource = dataSource();
            if (dataSource != null && fastPath(processingGroup)) {
                try {
                    return super.handle(message, target);
                } catch (Exception failure) {
                    carefulUntil.put(processingGroup, Instant.now().plus(CAREFUL_FOR));
                    log.info("Handling event {} in {} failed on the fast path; the batch is rolled back and read again "
                            + "with a savepoint per event: {}", message.getIdentifier(), processingGroup,
                            Failures.reason(failure));
                    throw new CarefulRetryException(processingGroup, failure);
                }
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    return inSavepoint(dataSource, () -> super.handle(message, target));
                } catch (Exception failure) {
                    if (Failures.nonRetryable(failure)) {
                        throw failure;
                    }
                    if (attempt >= policy.maxAttempts()) {
                        throw attempt == 1 ? failure : new RetriesExhaustedException(attempt, failure);
                    }
                    Duration wait = policy.backoff(attempt, ThreadLocalRandom.current().nextDouble());
                    log.atWarn()
                            .setMessage("Handling event {} in {} failed (attempt {} of {}), retrying in {} ms: {}")
                            .addArgument(message.getIdentifier()).addArgument(processingGroup).addArgument(attempt)
                            .addArgument(policy.maxAttempts()).addArgument(wait.toMillis())
                            .addArgument(() -> Failures.reason(failure))
                            .addKeyValue("msg", "Event handler failed, retrying")
                            .addKeyValue("eventId", message.getIdentifier())
                            .addKeyValue("processingGroup", processingGroup)
                            .addKeyValue("attempt", attempt)
                            .addKeyValue("waitMs", wait.toMillis())
                            .log();
                    retried();
                    pause(wait, failure);
                }
            }
        }

        /** In a processor's batch (not a dead-letter replay), with no failure in the group lately. */
        private boolean fastPath(String group) {
            if (!TransactionSynchronizationManager.isActualTransactionActive() || !CurrentUnitOfWork.isStarted()
                    || !(CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?>)) {
                return false;
            }
            Instant until = carefulUntil.get(group);
            return until == null || Instant.now().isAfter(until);
        }

        private void retried() {
            MeterRegistry registry = meters.getIfAvailable();
            if (registry != null) {
                Counter.builder("consumer.handler.retries")
                        .description("Event handler attempts that failed and were retried")
                        .tag("processingGroup", processingGroup)
                        .register(registry).increment();
            }
        }
    }

    /**
     * Runs {@code work} inside a savepoint of the current transaction's connection, rolled back to when the
     * work fails. Without a transaction (or a data source) the work just runs.
     */
    private DataSource dataSource() {
        DataSource known = dataSource;
        if (known == null) {
            known = dataSources.getIfAvailable();
            dataSource = known;
        }
        return known;
    }

    private static Object inSavepoint(DataSource dataSource, Callable<Object> work) throws Exception {
        if (dataSource == null || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return work.call();
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Savepoint savepoint;
            try {
                savepoint = connection.setSavepoint();
            } catch (SQLException e) {
                throw new CannotCreateTransactionException("Could not create a savepoint", e);
            }
            Object result;
            try {
                result = work.call();
            } catch (Exception | Error failure) {
                try {
                    connection.rollback(savepoint);
                } catch (SQLException e) {
                    failure.addSuppressed(e);
                }
                throw failure;
            }
            try {
                connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                // the savepoint goes with the transaction anyway
            }
            return result;
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static void pause(Duration wait, Exception failure) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsumerStoppingException(failure);
        }
    }
}
