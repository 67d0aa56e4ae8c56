package dev.taskflow.support.deadletter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.DeadLetterQueueOverflowException;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.NoSuchDeadLetterException;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A processing group's dead-letter queue (Axon's JPA queue underneath) that makes every letter visible:
 * each event that enters the queue is published to the consumer's dead-letter topic (synchronously,
 * inside the processor's transaction, so a letter never commits without its record on the topic), logged
 * once committed as {@code "<Consumer> event moved to DLQ"} with {@code eventId, topic, reason,
 * correlationId, traceId} as key-values and in the text, and counted ({@code consumer.dead.letters.enqueued}).
 * <p>
 * An event that is already in its sequence (met again after a token reset, or redelivered) is not added
 * a second time: it stays held back behind the letter that is there.
 */
public class ObservedDeadLetterQueue implements SequencedDeadLetterQueue<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(ObservedDeadLetterQueue.class);

    private final String processingGroup;
    private final String consumerLabel;
    private final SequencedDeadLetterQueue<EventMessage<?>> delegate;
    private final DeadLetterPublisher publisher;
    private final MeterRegistry meters;

    /**
     * @param consumerLabel the consumer's name as it starts the log message, e.g. {@code Audit}
     * @param meters        where to count letters; may be {@code null}
     */
    public ObservedDeadLetterQueue(String processingGroup, String consumerLabel,
                                   SequencedDeadLetterQueue<EventMessage<?>> delegate, DeadLetterPublisher publisher,
                                   MeterRegistry meters) {
        this.processingGroup = processingGroup;
        this.consumerLabel = consumerLabel;
        this.delegate = delegate;
        this.publisher = publisher;
        this.meters = meters;
    }

    public String processingGroup() {
        return processingGroup;
    }

    @Override
    public void enqueue(Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter)
            throws DeadLetterQueueOverflowException {
        delegate.enqueue(sequenceIdentifier, letter);
        moved(sequenceIdentifier, letter);
    }

    @Override
    public boolean enqueueIfPresent(Object sequenceIdentifier,
                                    Supplier<DeadLetter<? extends EventMessage<?>>> letterBuilder)
            throws DeadLetterQueueOverflowException {
        if (!delegate.contains(sequenceIdentifier)) {
            return false;
        }
        DeadLetter<? extends EventMessage<?>> letter = letterBuilder.get();
        String eventId = letter.message().getIdentifier();
        for (DeadLetter<? extends EventMessage<?>> parked : delegate.deadLetterSequence(sequenceIdentifier)) {
            if (parked.message().getIdentifier().equals(eventId)) {
                log.info("Event {} is already in dead-letter sequence {} of {}; it stays held back there",
                        eventId, sequenceIdentifier, processingGroup);
                return true;
            }
        }
        delegate.enqueue(sequenceIdentifier, letter);
        moved(sequenceIdentifier, letter);
        return true;
    }

    private void moved(Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter) {
        DeadLetterFacts facts = DeadLetterFacts.of(processingGroup, String.valueOf(sequenceIdentifier), letter);
        publisher.publish(facts);
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> report(facts));
        } else {
            report(facts);
        }
    }

    private void report(DeadLetterFacts facts) {
        if (meters != null) {
            Counter.builder("consumer.dead.letters.enqueued")
                    .description("Events moved to the dead-letter queue (and topic)")
                    .tag("processingGroup", processingGroup)
                    .tag("kind", facts.kind().label())
                    .register(meters).increment();
        }
        String previousCorrelation = MDC.get("correlationId");
        String previousTrace = MDC.get("traceId");
        putOrRemove("correlationId", facts.correlationId());
        putOrRemove("traceId", facts.traceId());
        try {
            log.atWarn()
                    .setMessage("{} event moved to DLQ: eventId={} topic={} partition={} offset={} reason={} "
                            + "correlationId={} traceId={} processingGroup={} sequence={} kind={} deadLetterTopic={}")
                    .addArgument(consumerLabel).addArgument(facts.event().getIdentifier()).addArgument(facts.topic())
                    .addArgument(facts.partition()).addArgument(facts.offset()).addArgument(facts.reason())
                    .addArgument(facts.correlationId()).addArgument(facts.traceId()).addArgument(processingGroup)
                    .addArgument(facts.sequence()).addArgument(facts.kind().label()).addArgument(publisher.topic())
                    .addKeyValue("msg", consumerLabel + " event moved to DLQ")
                    .addKeyValue("eventId", facts.event().getIdentifier())
                    .addKeyValue("topic", facts.topic())
                    .addKeyValue("partition", facts.partition())
                    .addKeyValue("offset", facts.offset())
                    .addKeyValue("reason", facts.reason())
                    .addKeyValue("correlationId", facts.correlationId())
                    .addKeyValue("traceId", facts.traceId())
                    .addKeyValue("processingGroup", processingGroup)
                    .addKeyValue("sequence", facts.sequence())
                    .addKeyValue("kind", facts.kind().label())
                    .addKeyValue("deadLetterTopic", publisher.topic())
                    .log();
        } finally {
            putOrRemove("correlationId", previousCorrelation);
            putOrRemove("traceId", previousTrace);
        }
    }

    @Override
    public void evict(DeadLetter<? extends EventMessage<?>> letter) {
        delegate.evict(letter);
        log.info("Dead letter {} left the queue of {}", letter.message().getIdentifier(), processingGroup);
    }

    @Override
    public void requeue(DeadLetter<? extends EventMessage<?>> letter,
                        UnaryOperator<DeadLetter<? extends EventMessage<?>>> letterUpdater)
            throws NoSuchDeadLetterException {
        delegate.requeue(letter, letterUpdater);
    }

    @Override
    public boolean contains(Object sequenceIdentifier) {
        return delegate.contains(sequenceIdentifier);
    }

    @Override
    public Iterable<DeadLetter<? extends EventMessage<?>>> deadLetterSequence(Object sequenceIdentifier) {
        return delegate.deadLetterSequence(sequenceIdentifier);
    }

    @Override
    public Iterable<Iterable<DeadLetter<? extends EventMessage<?>>>> deadLetters() {
        return delegate.deadLetters();
    }

    @Override
    public boolean isFull(Object sequenceIdentifier) {
        return delegate.isFull(sequenceIdentifier);
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public long sequenceSize(Object sequenceIdentifier) {
        return delegate.sequenceSize(sequenceIdentifier);
    }

    @Override
    public long amountOfSequences() {
        return delegate.amountOfSequences();
    }

    @Override
    public boolean process(Predicate<DeadLetter<? extends EventMessage<?>>> sequenceFilter,
                           Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> processingTask) {
        return delegate.process(sequenceFilter, processingTask);
    }

    @Override
    public boolean process(
            Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> processingTask) {
        return delegate.process(processingTask);
    }

    @Override
    public void clear() {
        delegate.clear();
    }

    /** {@code audit} → {@code Audit}. */
    static String label(String consumer) {
        return consumer.isEmpty() ? consumer
                : consumer.substring(0, 1).toUpperCase(Locale.ROOT) + consumer.substring(1);
    }

    private static void putOrRemove(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
