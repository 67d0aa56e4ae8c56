package dev.taskflow.support.deadletter;

import dev.taskflow.api.messaging.MetadataKeys;
import dev.taskflow.support.messaging.PoisonRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jpa.JpaDeadLetter;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** What an operator can do with the dead letters of this service: look, replay, discard. */
public class DeadLetterAdmin {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterAdmin.class);

    /** One dead-lettered event. */
    public record Letter(long index, String eventId, String eventType, String payloadType, String kind,
                         String causeType, String causeMessage, String topic, Integer partition, Long offset,
                         String correlationId, String traceId, Instant eventTimestamp, Instant enqueuedAt,
                         Instant lastTouched, Map<String, Object> diagnostics) {
    }

    /** The letters of one sequence, oldest first: replay applies them in this order. */
    public record Sequence(String processingGroup, String sequenceIdentifier, List<Letter> letters) {
    }

    /** Everything in this service's dead-letter queues. */
    public record Overview(String consumer, String deadLetterTopic, long sequenceCount, long letterCount,
                           List<Sequence> sequences) {
    }

    /**
     * The outcome of a replay. A sequence that failed again stays in the queue, its first letter with the
     * new cause, and so do its later letters.
     */
    public record ReplayResult(int sequencesAttempted, int sequencesReplayed, int sequencesFailed,
                               long lettersRemaining) {
    }

    private final DeadLetteringProcessors processors;
    private final ObjectProvider<Configuration> axon;
    private final ObjectProvider<PlatformTransactionManager> transactions;
    private final ObjectProvider<MeterRegistry> meters;

    public DeadLetterAdmin(DeadLetteringProcessors processors, ObjectProvider<Configuration> axon,
                           ObjectProvider<PlatformTransactionManager> transactions,
                           ObjectProvider<MeterRegistry> meters) {
        this.processors = processors;
        this.axon = axon;
        this.transactions = transactions;
        this.meters = meters;
    }

    /** The sequences of {@code processingGroup} (every dead-lettering group when {@code null}), at most {@code limit}. */
    public Overview overview(String processingGroup, int limit) {
        List<Sequence> sequences = new ArrayList<>();
        long sequenceCount = 0;
        long letterCount = 0;
        for (String group : groups(processingGroup)) {
            ObservedDeadLetterQueue queue = queue(group);
            sequenceCount += read(queue::amountOfSequences);
            letterCount += read(queue::size);
            int room = limit - sequences.size();
            if (room > 0) {
                sequences.addAll(read(() -> sequences(group, queue, room)));
            }
        }
        return new Overview(processors.consumer(), processors.deadLetterTopic(), sequenceCount, letterCount, sequences);
    }

    /**
     * Processes the dead letters of {@code processingGroup} (every group when {@code null}) again, one
     * sequence after the other, or only {@code sequenceIdentifier} when given. Handlers are idempotent,
     * so replaying what was already applied changes nothing.
     */
    public ReplayResult replay(String processingGroup, String sequenceIdentifier) {
        int attempted = 0;
        int replayed = 0;
        int failed = 0;
        long remaining = 0;
        for (String group : groups(processingGroup)) {
            ObservedDeadLetterQueue queue = queue(group);
            SequencedDeadLetterProcessor<EventMessage<?>> processor = axon.getObject().eventProcessingConfiguration()
                    .sequencedDeadLetterProcessor(group)
                    .orElseThrow(() -> new IllegalStateException("no dead-letter processor for " + group));
            // the first letter of each sequence, as it is now: replay targets each sequence exactly once
            List<String> firstLetters = read(() -> firstLetters(queue, sequenceIdentifier));
            for (String firstEventId : firstLetters) {
                attempted++;
                boolean ok = processor.process(letter -> letter.message().getIdentifier().equals(firstEventId));
                if (ok) {
                    replayed++;
                } else {
                    failed++;
                }
                count(group, ok ? "replayed" : "failed");
            }
            remaining += read(queue::size);
        }
        log.info("Dead-letter replay: {} sequence(s) attempted, {} replayed, {} failed, {} letter(s) remain",
                attempted, replayed, failed, remaining);
        return new ReplayResult(attempted, replayed, failed, remaining);
    }

    /**
     * Removes every letter of one sequence without processing it (a poison record, which no replay can
     * ever apply; or an event the operator decided to drop). Returns the number of letters removed.
     */
    public int discard(String processingGroup, String sequenceIdentifier) {
        ObservedDeadLetterQueue queue = queue(processingGroup);
        TransactionTemplate write = new TransactionTemplate(transactions.getObject());
        Integer removed = write.execute(status -> {
            List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
            queue.deadLetterSequence(sequenceIdentifier).forEach(letters::add);
            letters.forEach(queue::evict);
            return letters.size();
        });
        log.warn("Discarded {} dead letter(s) of sequence {} in {}", removed, sequenceIdentifier, processingGroup);
        return removed == null ? 0 : removed;
    }

    public boolean knows(String processingGroup) {
        return processors.processingGroups().contains(processingGroup);
    }

    private List<String> groups(String processingGroup) {
        if (processingGroup != null) {
            queue(processingGroup);
            return List.of(processingGroup);
        }
        return processors.processingGroups().stream().sorted().toList();
    }

    private ObservedDeadLetterQueue queue(String processingGroup) {
        return processors.queue(processingGroup).orElseThrow(() -> new IllegalArgumentException(
                "No dead-letter queue for processing group '" + processingGroup + "'"));
    }

    private static List<String> firstLetters(ObservedDeadLetterQueue queue, String sequenceIdentifier) {
        List<String> firstLetters = new ArrayList<>();
        if (sequenceIdentifier != null) {
            for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(sequenceIdentifier)) {
                firstLetters.add(letter.message().getIdentifier());
                break;
            }
            return firstLetters;
        }
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                firstLetters.add(letter.message().getIdentifier());
                break;
            }
        }
        return firstLetters;
    }

    private static List<Sequence> sequences(String group, ObservedDeadLetterQueue queue, int limit) {
        List<Sequence> sequences = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            if (sequences.size() >= limit) {
                break;
            }
            List<Letter> letters = new ArrayList<>();
            String identifier = null;
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (identifier == null && letter instanceof JpaDeadLetter<?> jpa) {
                    identifier = jpa.getSequenceIdentifier();
                }
                letters.add(letter(group, letter, letters.size()));
            }
            sequences.add(new Sequence(group, identifier, letters));
        }
        return sequences;
    }

    private static Letter letter(String group, DeadLetter<? extends EventMessage<?>> letter, int position) {
        EventMessage<?> event = letter.message();
        String sequence = letter instanceof JpaDeadLetter<?> jpa ? jpa.getSequenceIdentifier() : null;
        long index = letter instanceof JpaDeadLetter<?> jpa && jpa.getIndex() != null ? jpa.getIndex() : position;
        DeadLetterFacts facts = DeadLetterFacts.of(group, sequence, letter);
        Object eventType = event.getMetaData().get(MetadataKeys.EVENT_TYPE);
        String type = eventType != null ? eventType.toString()
                : event.getPayload() instanceof PoisonRecord ? "PoisonRecord" : event.getPayloadType().getSimpleName();
        Map<String, Object> diagnostics = new LinkedHashMap<>(letter.diagnostics());
        return new Letter(index, event.getIdentifier(), type, event.getPayloadType().getName(), facts.kind().label(),
                letter.cause().map(Cause::type).orElse(null), letter.cause().map(Cause::message).orElse(null),
                facts.topic(), facts.partition(), facts.offset(), facts.correlationId(), facts.traceId(),
                event.getTimestamp(), letter.enqueuedAt(), letter.lastTouched(), diagnostics);
    }

    private <T> T read(Supplier<T> work) {
        TransactionTemplate read = new TransactionTemplate(transactions.getObject());
        read.setReadOnly(true);
        return read.execute(status -> work.get());
    }

    private void count(String group, String outcome) {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            Counter.builder("consumer.dead.letters.replayed")
                    .description("Dead-letter sequences processed again, by outcome")
                    .tag("processingGroup", group).tag("outcome", outcome)
                    .register(registry).increment();
        }
    }
}
