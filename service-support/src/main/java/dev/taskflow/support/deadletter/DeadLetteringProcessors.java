package dev.taskflow.support.deadletter;

import dev.taskflow.support.messaging.KafkaSources;
import dev.taskflow.support.observability.ConsumerObservation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers a consumer's processing groups as tracking processors that retry and dead-letter instead of
 * stopping: {@link #registerTrackingProcessor} does, for one group,
 * <ul>
 *   <li>a tracking processor over the topics, with a poison-tolerant Kafka source, split into segments that
 *       instances share out ({@link ConsumerProcessingProperties});</li>
 *   <li>the group's retry policy ({@code taskflow.consumer.retry} / {@code processors.<group>}), applied to
 *       its {@code @EventHandler}s by {@link RetryingHandlerEnhancer};</li>
 *   <li>a JPA sequenced dead-letter queue (table {@code dead_letter_entry}) behind an
 *       {@link ObservedDeadLetterQueue} (topic {@code <consumer>.dlq}, log line, metrics), the
 *       {@link ConsumerEnqueuePolicy}, and the consumer's {@link SequencePerEntity sequencing policy};</li>
 *   <li>a {@link PoisonRecordRejector}, so a record that is not an envelope is dead-lettered at once.</li>
 * </ul>
 * Dead letters are processed again through the group's {@code SequencedDeadLetterProcessor} (see
 * {@link DeadLetterAdmin}), each letter in a transaction of its own. A token reset leaves the queue as it is.
 */
public class DeadLetteringProcessors {

    /** Axon's default token claim timeout: retrying one event for longer lets another node take the segment. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(DeadLetteringProcessors.class);

    private final ConsumerFailureProperties properties;
    private final ConsumerProcessingProperties parallelism;
    private final KafkaSources sources;
    private final DeadLetterPublisher publisher;
    private final ObjectProvider<EntityManagerProvider> entityManagers;
    private final ObjectProvider<TransactionManager> axonTransactions;
    private final ObjectProvider<PlatformTransactionManager> springTransactions;
    private final ObjectProvider<MeterRegistry> meters;
    private final Map<String, RetryPolicy> policies = new ConcurrentHashMap<>();
    private final Map<String, ObservedDeadLetterQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, List<String>> topics = new ConcurrentHashMap<>();
    private final ConsumerEnqueuePolicy enqueuePolicy = new ConsumerEnqueuePolicy();

    public DeadLetteringProcessors(ConsumerFailureProperties properties, ConsumerProcessingProperties processing,
                                   KafkaSources sources, DeadLetterPublisher publisher, ObjectProvider<EntityManagerProvider> entityManagers,
                                   ObjectProvider<TransactionManager> axonTransactions,
                                   ObjectProvider<PlatformTransactionManager> springTransactions,
                                   ObjectProvider<MeterRegistry> meters) {
        this.properties = properties;
        this.parallelism = processing;
        this.sources = sources;
        this.publisher = publisher;
        this.entityManagers = entityManagers;
        this.axonTransactions = axonTransactions;
        this.springTransactions = springTransactions;
        this.meters = meters;
    }

    /**
     * Registers {@code processingGroup} as a dead-lettering tracking processor over {@code topics}.
     *
     * @param sequenceOf the dead-letter sequence of a payload (e.g. {@code task:<taskId>}); {@code null} for
     *                   none, which makes the event a sequence of its own
     */
    public void registerTrackingProcessor(EventProcessingConfigurer processing, String processingGroup,
                                          List<String> topics, Function<Object, String> sequenceOf) {
        consumer();
        RetryPolicy policy = properties.retryFor(processingGroup);
        policies.put(processingGroup, policy);
        this.topics.put(processingGroup, List.copyOf(topics));
        if (policy.worstCaseRetryTime().compareTo(CLAIM_TIMEOUT) > 0) {
            log.warn("Retrying one event in {} may take up to {}, longer than the token claim timeout {}: with more "
                    + "than one instance, another may take the segment over meanwhile", processingGroup,
                    policy.worstCaseRetryTime(), CLAIM_TIMEOUT);
        }
        processing.registerTrackingEventProcessor(processingGroup, c -> sources.forTopicsWithPoisonRecords(topics),
                        c -> sharedOut())
                .registerSequencingPolicy(processingGroup, c -> SequencePerEntity.of(sequenceOf))
                .registerDeadLetterQueue(processingGroup, c -> queue(processingGroup, c))
                .registerDeadLetterPolicy(processingGroup, c -> enqueuePolicy)
                .registerDeadLetteringEventHandlerInvokerConfiguration(processingGroup, (c, invoker) -> invoker
                        // replays run each letter in a transaction of its own: a letter that fails again
                        // is requeued without undoing the letters of the same replay that succeeded
                        .transactionManager(independentTransactions())
                        .enableSequenceIdentifierCache())
                .registerHandlerInterceptor(processingGroup, c -> new ConsumerObservation(processingGroup,
                        meters.getIfAvailable(SimpleMeterRegistry::new)))
                .registerEventHandler(c -> new PoisonRecordRejector(processingGroup))
                .assignHandlerInstancesMatching(processingGroup,
                        handler -> handler instanceof PoisonRecordRejector rejector
                                && rejector.processingGroup().equals(processingGroup));
        log.info("Processing group {} retries failed events ({}) and dead-letters them to {}; {}", processingGroup,
                policy, publisher.topic(), parallelism);
        if (parallelism.threads() < parallelism.segments()) {
            log.warn("{} has {} segments but {} threads: one instance alone leaves segments unprocessed, and no instance "
                    + "takes over all segments of one that died", processingGroup, parallelism.segments(),
                    parallelism.threads());
        }
    }

    /**
     * Segments by the group's sequencing policy, so that instances (and threads) share the group out and an
     * instance takes over the segments of one that stopped touching its claims ({@link #CLAIM_TIMEOUT}). Each
     * segment reads every partition of the topics and handles only its own events.
     */
    private TrackingEventProcessorConfiguration sharedOut() {
        return TrackingEventProcessorConfiguration.forParallelProcessing(parallelism.threads())
                .andInitialSegmentsCount(parallelism.segments())
                .andBatchSize(parallelism.batchSize());
    }

    /** The retry policy of a registered group; {@code null} for any other group. */
    public RetryPolicy retryPolicy(String processingGroup) {
        return policies.get(processingGroup);
    }

    /** The topics each registered group reads. */
    public Map<String, List<String>> topicsByGroup() {
        return Map.copyOf(topics);
    }

    public Set<String> processingGroups() {
        return Set.copyOf(policies.keySet());
    }

    /** The queue of a registered group, once the processor was built. */
    public Optional<ObservedDeadLetterQueue> queue(String processingGroup) {
        return Optional.ofNullable(queues.get(processingGroup));
    }

    public String consumer() {
        if (properties.name() == null || properties.name().isBlank()) {
            throw new IllegalStateException("taskflow.consumer.name must name the consumer (e.g. audit): it names "
                    + "the dead-letter topic <name>.dlq");
        }
        return properties.name();
    }

    public String deadLetterTopic() {
        return publisher.topic();
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String processingGroup, Configuration configuration) {
        return queues.computeIfAbsent(processingGroup, group -> {
            SequencedDeadLetterQueue<EventMessage<?>> jpa = JpaSequencedDeadLetterQueue.<EventMessage<?>>builder()
                    .processingGroup(group)
                    .entityManagerProvider(entityManagers.getObject())
                    .transactionManager(axonTransactions.getObject())
                    .eventSerializer(configuration.eventSerializer())
                    .genericSerializer(configuration.serializer())
                    .maxSequences(properties.deadLetter().maxSequences())
                    .maxSequenceSize(properties.deadLetter().maxSequenceSize())
                    .build();
            MeterRegistry registry = meters.getIfAvailable();
            ObservedDeadLetterQueue queue = new ObservedDeadLetterQueue(group,
                    ObservedDeadLetterQueue.label(consumer()), jpa, publisher, registry);
            if (registry != null) {
                Gauge.builder("consumer.dead.letters.pending", queue, this::pendingLetters)
                        .description("Letters waiting in the dead-letter queue")
                        .tag("processingGroup", group)
                        .register(registry);
            }
            return queue;
        });
    }

    private double pendingLetters(SequencedDeadLetterQueue<EventMessage<?>> queue) {
        try {
            TransactionTemplate read = new TransactionTemplate(springTransactions.getObject());
            read.setReadOnly(true);
            Long size = read.execute(status -> queue.size());
            return size == null ? Double.NaN : size;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private TransactionManager independentTransactions() {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return new SpringTransactionManager(springTransactions.getObject(), definition);
    }
}
