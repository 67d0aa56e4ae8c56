package dev.taskflow.support.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskflow.api.messaging.MetadataKeys;
import dev.taskflow.support.messaging.PoisonRecord;
import dev.taskflow.support.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jpa.JpaDeadLetter;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dead letters one by one, as the operator API shows them ({@code /admin/dlq/<consumer>}): a page of
 * letters with sensitive payload fields redacted, retry of one letter (with the letters of its sequence
 * that come before it, which must be applied first), retry of everything, and discard of one letter, which
 * leaves an audit entry on the dead-letter topic.
 */
public class DeadLetterOperations {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterOperations.class);
    /** Field names whose values never leave the service: credentials and personal contact data. */
    private static final Pattern SENSITIVE = Pattern.compile("(?i).*(password|secret|token|credential|email|phone).*");
    static final String REDACTED = "[redacted]";

    /** One dead letter. */
    public record LetterView(String id, String processingGroup, String sequence, String eventId, String eventType,
                             String kind, String reason, String causeType, String topic, Integer partition, Long offset,
                             String correlationId, Instant firstFailure, Instant lastFailure, Object attempts,
                             JsonNode payload) {
    }

    public record Page(String consumer, String deadLetterTopic, int page, int size, long total, List<LetterView> letters) {
    }

    private record Located(String group, String sequence, DeadLetter<? extends EventMessage<?>> letter) {
    }

    private final DeadLetteringProcessors processors;
    private final DeadLetterAdmin admin;
    private final DeadLetterPublisher publisher;
    private final PlatformTransactionManager transactions;
    private final ObjectMapper json;
    private final Clock clock;

    public DeadLetterOperations(DeadLetteringProcessors processors, DeadLetterAdmin admin, DeadLetterPublisher publisher,
                                PlatformTransactionManager transactions, ObjectMapper json, Clock clock) {
        this.processors = processors;
        this.admin = admin;
        this.publisher = publisher;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    public Page page(String consumer, int page, int size) {
        requireConsumer(consumer);
        if (page < 0 || size < 1 || size > 500) {
            throw ApiProblem.badRequest("page must be 0 or more and size between 1 and 500");
        }
        List<LetterView> all = read(() -> {
            List<LetterView> letters = new ArrayList<>();
            forEachLetter(located -> {
                letters.add(view(located));
                return false;
            });
            return letters;
        });
        all.sort(Comparator.comparing(LetterView::firstFailure, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(LetterView::id));
        List<LetterView> slice = all.stream().skip((long) page * size).limit(size).toList();
        return new Page(processors.consumer(), processors.deadLetterTopic(), page, size, all.size(), slice);
    }

    /** Processes the letter's sequence again from its head (earlier letters of the sequence go first). */
    public DeadLetterAdmin.ReplayResult retry(String consumer, String id) {
        requireConsumer(consumer);
        Located located = locate(id);
        return admin.replay(located.group(), located.sequence());
    }

    public DeadLetterAdmin.ReplayResult retryAll(String consumer) {
        requireConsumer(consumer);
        return admin.replay(null, null);
    }

    /** Drops one letter without processing it; the audit entry goes to the dead-letter topic first. */
    public LetterView discard(String consumer, String id, String operator) {
        requireConsumer(consumer);
        TransactionTemplate write = new TransactionTemplate(transactions);
        LetterView discarded = write.execute(status -> {
            Located located = locate(id);
            LetterView view = view(located);
            publisher.publishDiscarded(DeadLetterFacts.of(located.group(), located.sequence(), located.letter()),
                    operator, clock.instant());
            processors.queue(located.group()).orElseThrow().evict(located.letter());
            return view;
        });
        log.atWarn().setMessage("Dead letter {} of {} discarded by {}").addArgument(id).addArgument(
                        discarded == null ? null : discarded.processingGroup()).addArgument(operator)
                .addKeyValue("msg", "Dead letter discarded").addKeyValue("deadLetterId", id)
                .addKeyValue("eventId", discarded == null ? null : discarded.eventId())
                .addKeyValue("discardedBy", operator).log();
        return discarded;
    }

    private void requireConsumer(String consumer) {
        if (!processors.consumer().equals(consumer)) {
            throw ApiProblem.notFound("Consumer '" + consumer + "' in this service");
        }
    }

    private Located locate(String id) {
        Located[] found = new Located[1];
        read(() -> {
            forEachLetter(located -> {
                if (located.letter() instanceof JpaDeadLetter<?> jpa && id.equals(jpa.getId())) {
                    found[0] = located;
                    return true;
                }
                return false;
            });
            return null;
        });
        if (found[0] == null) {
            throw ApiProblem.notFound("Dead letter '" + id + "'");
        }
        return found[0];
    }

    /** Visits every letter of every group; the visitor returns true to stop. */
    private void forEachLetter(java.util.function.Predicate<Located> visitor) {
        for (String group : processors.processingGroups().stream().sorted().toList()) {
            ObservedDeadLetterQueue queue = processors.queue(group).orElse(null);
            if (queue == null) {
                continue;
            }
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                Iterator<DeadLetter<? extends EventMessage<?>>> letters = sequence.iterator();
                while (letters.hasNext()) {
                    DeadLetter<? extends EventMessage<?>> letter = letters.next();
                    String sequenceId = letter instanceof JpaDeadLetter<?> jpa ? jpa.getSequenceIdentifier() : null;
                    if (visitor.test(new Located(group, sequenceId, letter))) {
                        return;
                    }
                }
            }
        }
    }

    private LetterView view(Located located) {
        DeadLetter<? extends EventMessage<?>> letter = located.letter();
        EventMessage<?> event = letter.message();
        DeadLetterFacts facts = DeadLetterFacts.of(located.group(), located.sequence(), letter);
        Object type = event.getMetaData().get(MetadataKeys.EVENT_TYPE);
        String eventType = type != null ? type.toString()
                : event.getPayload() instanceof PoisonRecord ? "PoisonRecord" : event.getPayloadType().getSimpleName();
        String id = letter instanceof JpaDeadLetter<?> jpa ? jpa.getId() : event.getIdentifier();
        Map<String, ?> diagnostics = letter.diagnostics();
        return new LetterView(id, located.group(), located.sequence(), event.getIdentifier(), eventType,
                facts.kind().label(), letter.cause().map(Cause::message).orElse(null),
                letter.cause().map(Cause::type).orElse(null), facts.topic(), facts.partition(), facts.offset(),
                facts.correlationId(), letter.enqueuedAt(), letter.lastTouched(),
                Optional.ofNullable(diagnostics.get("attempts")).orElse(null), redacted(json, event.getPayload()));
    }

    /** The payload as JSON with the values of sensitive fields replaced, at any depth. */
    static JsonNode redacted(ObjectMapper json, Object payload) {
        if (payload instanceof PoisonRecord poison) {
            // the bytes could be anything, secrets included: only their size is shown
            ObjectNode node = json.createObjectNode();
            node.put("poisonRecord", poison.coordinates());
            node.put("bytes", poison.value() == null ? 0 : poison.value().length);
            return node;
        }
        JsonNode tree = json.valueToTree(payload);
        redact(tree);
        return tree;
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (SENSITIVE.matcher(name).matches()) {
                    object.put(name, REDACTED);
                } else {
                    redact(object.get(name));
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(DeadLetterOperations::redact);
        }
    }

    private <T> T read(java.util.function.Supplier<T> work) {
        TransactionTemplate read = new TransactionTemplate(transactions);
        read.setReadOnly(true);
        return read.execute(status -> work.get());
    }
}
