package dev.taskflow.support.operations;

import dev.taskflow.support.deadletter.DeadLetteringProcessors;
import dev.taskflow.support.messaging.KafkaSources;
import dev.taskflow.support.observability.StoredTokenPositions;
import dev.taskflow.support.web.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.annotation.ClasspathHandlerDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Blue-green rebuilds of Kafka-fed projections.
 * <ol>
 *   <li><b>Start:</b> shadow copies of the projection's tables are created and a second tracking processor,
 *       {@code <group>__rebuild}, reads the projection's topics from offset zero into them. It is a fresh
 *       processor with no token, the path every consumer takes on its first start; the live processor keeps
 *       consuming and serving reads meanwhile.</li>
 *   <li><b>Ready:</b> the rebuild has reached the live processor's position on every partition.</li>
 *   <li><b>Swap</b> (at once when ready with {@code AUTO}, or when an operator asks): the live processor is
 *       paused, the rebuild runs until it covers the live position, stops, and in one transaction the shadow
 *       tables take the live names, the old tables are dropped and the live processor takes over the
 *       rebuild's token. The live processor resumes on the rebuilt tables. Readers never see an empty or
 *       half-built projection, nor one older than what they saw before.</li>
 *   <li><b>Failure or cancel:</b> the rebuild processor stops and the shadow tables are dropped; the live
 *       projection was never touched. A rebuild interrupted by a restart is cleaned up at the next start.</li>
 * </ol>
 */
public class ProjectionRebuilds implements SmartLifecycle {

    /** A running rebuild processor touches its token at least this often. */
    private static final Duration LIVELINESS = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);

    private final Map<String, RebuildableProjection> projections;
    private final ObjectProvider<Configuration> axon;
    private final ObjectProvider<KafkaSources> sources;
    private final ObjectProvider<DeadLetteringProcessors> consumers;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final RebuildProperties properties;
    private final Clock clock;
    private final ShadowTables tables;
    private final ProcessorTokens tokens;
    private final Map<String, RebuildRun> runs = new ConcurrentHashMap<>();
    private ScheduledExecutorService checker;

    public ProjectionRebuilds(List<RebuildableProjection> projections, ObjectProvider<Configuration> axon,
                              ObjectProvider<KafkaSources> sources, ObjectProvider<DeadLetteringProcessors> consumers,
                              JdbcTemplate jdbc, PlatformTransactionManager transactions, RebuildProperties properties,
                              Clock clock) {
        this.projections = projections.stream()
                .collect(Collectors.toUnmodifiableMap(RebuildableProjection::processingGroup, Function.identity()));
        this.axon = axon;
        this.sources = sources;
        this.consumers = consumers;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock;
        this.tables = new ShadowTables(jdbc);
        this.tokens = new ProcessorTokens(jdbc);
    }

    public boolean rebuildable(String processingGroup) {
        return projections.containsKey(processingGroup);
    }

    /** The rebuild under way or last run here, if any. */
    public Optional<ProcessorView.Rebuild> view(String processingGroup) {
        return Optional.ofNullable(runs.get(processingGroup)).map(run -> run.view(clock.instant()));
    }

    public ProcessorView.Rebuild start(String processingGroup, boolean autoSwap, String operator) {
        RebuildableProjection projection = projections.get(processingGroup);
        if (projection == null) {
            throw ApiProblem.notFound("Rebuildable projection '" + processingGroup + "' in this service");
        }
        synchronized (this) {
            RebuildRun previous = runs.get(processingGroup);
            if (previous != null && previous.active()) {
                throw ApiProblem.conflict("A rebuild of '" + processingGroup + "' started at " + previous.startedAt
                        + " by " + previous.startedBy + " is " + previous.state + "; swap or cancel it first");
            }
            live(processingGroup);
            String name = RebuildRun.processorName(processingGroup);
            if (tokens.claimedWithin(name, LIVELINESS, clock.instant())) {
                throw ApiProblem.conflict("Another instance is rebuilding '" + processingGroup + "'");
            }
            int segments = Math.max(1, tokens.segments(processingGroup));
            transactions.executeWithoutResult(status -> {
                tables.drop(projection);
                tokens.delete(name);
                tables.create(projection);
            });
            RebuildFailures failures = new RebuildFailures(clock);
            TrackingEventProcessor processor = rebuildProcessor(projection, segments, failures);
            RebuildRun run = new RebuildRun(projection, autoSwap ? RebuildRun.Swap.AUTO : RebuildRun.Swap.MANUAL,
                    clock.instant(), operator, processor, failures);
            measure(run);
            runs.put(processingGroup, run);
            processor.start();
            log.warn("Rebuild of {} started by operator {} (swap {}): {} reads its topics from offset zero into {}",
                    processingGroup, operator, run.swap, name,
                    projection.tables().stream().map(ShadowTables::shadowOf).toList());
            return run.view(clock.instant());
        }
    }

    /** Swaps a rebuild that has caught up; waits up to the swap timeout for the last events. */
    public ProcessorView.Rebuild swap(String processingGroup, String operator) {
        RebuildRun run = active(processingGroup);
        swap(run, operator);
        return run.view(clock.instant());
    }

    public ProcessorView.Rebuild cancel(String processingGroup, String operator) {
        RebuildRun run = active(processingGroup);
        synchronized (run) {
            if (!run.active()) {
                throw ApiProblem.conflict("The rebuild of '" + processingGroup + "' is " + run.state + " already");
            }
            abandon(run, RebuildRun.State.CANCELLED, "cancelled by operator " + operator);
        }
        return run.view(clock.instant());
    }

    private void swap(RebuildRun run, String by) {
        String group = run.projection.processingGroup();
        synchronized (run) {
            if (run.state != RebuildRun.State.BUILDING && run.state != RebuildRun.State.READY) {
                throw ApiProblem.conflict("The rebuild of '" + group + "' is " + run.state + "; nothing to swap");
            }
            run.state = RebuildRun.State.SWAPPING;
            TrackingEventProcessor live = live(group);
            boolean liveWasRunning = live.isRunning();
            live.shutDown();
            try {
                Map<TopicPartition, Long> target = orEmpty(stored(group));
                if (!awaitCovers(run, target)) {
                    throw ApiProblem.conflict("The rebuild of '" + group + "' did not reach the live position within "
                            + properties.swapTimeout() + "; it goes on building, try again when it is READY");
                }
                run.processor.shutDown();
                Map<TopicPartition, Long> rebuilt = covered(run.processorName());
                if (!covers(rebuilt, target)) {
                    throw ApiProblem.conflict("The rebuild of '" + group + "' stored a position behind the live one");
                }
                // the figures of the last periodic check may be older than these
                run.processed = position(rebuilt);
                run.target = position(target);
                // The live processor keeps its own position and re-reads what the rebuild read beyond it: the
                // handlers are idempotent, and a projection with side effects (notifications) creates them only
                // on its live processor, which must see every event.
                transactions.executeWithoutResult(status -> {
                    tokens.requireUnclaimed(group);
                    tables.swap(run.projection);
                    tokens.delete(run.processorName());
                });
                run.finish(RebuildRun.State.SWAPPED, null, clock.instant());
                log.warn("Rebuild of {} swapped in by {}: {} now hold the rebuilt projection, the old tables were "
                        + "dropped ({} records replayed)", group, by, run.projection.tables(), run.processed);
            } catch (RuntimeException e) {
                run.state = RebuildRun.State.BUILDING;
                if (!run.processor.isRunning()) {
                    run.processor.start();
                }
                log.warn("Swap of the rebuild of {} refused, the live projection is unchanged: {}", group,
                        e.getMessage());
                if (e instanceof ApiProblem) {
                    throw e;
                }
                throw ApiProblem.conflict("The swap of '" + group + "' failed and was rolled back: " + e.getMessage());
            } finally {
                if (liveWasRunning) {
                    live.start();
                }
            }
        }
    }

    private boolean awaitCovers(RebuildRun run, Map<TopicPartition, Long> target) {
        Instant deadline = clock.instant().plus(properties.swapTimeout());
        while (clock.instant().isBefore(deadline)) {
            if (run.failures.since() != null) {
                return false;
            }
            if (covers(covered(run.processorName()), target)) {
                return true;
            }
            try {
                // the rebuild processor advances on its own thread; nothing to be notified of
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void check() {
        for (RebuildRun run : runs.values()) {
            try {
                check(run);
            } catch (RuntimeException e) {
                log.warn("Checking the rebuild of {} failed: {}", run.projection.processingGroup(), e.toString());
            }
        }
    }

    private void check(RebuildRun run) {
        if (run.state != RebuildRun.State.BUILDING && run.state != RebuildRun.State.READY) {
            return;
        }
        long before = run.processed;
        measure(run);
        if (run.processed > before) {
            run.failures.progressed();
        }
        Instant now = clock.instant();
        Instant failingSince = run.failures.since();
        run.error = run.failures.last();
        if (failingSince != null) {
            if (Duration.between(failingSince, now).compareTo(properties.giveUpAfter()) >= 0) {
                synchronized (run) {
                    if (run.state == RebuildRun.State.BUILDING || run.state == RebuildRun.State.READY) {
                        abandon(run, RebuildRun.State.FAILED, "failing for " + properties.giveUpAfter() + ": "
                                + run.failures.last());
                    }
                }
            }
            return;
        }
        boolean caughtUp = run.processor.processingStatus().values().stream().allMatch(EventTrackerStatus::isCaughtUp)
                && !run.processor.processingStatus().isEmpty()
                && covers(covered(run.processorName()), orEmpty(stored(run.projection.processingGroup())));
        if (caughtUp && run.state == RebuildRun.State.BUILDING) {
            run.state = RebuildRun.State.READY;
            log.info("Rebuild of {} has caught up with the live projection ({} records)",
                    run.projection.processingGroup(), run.processed);
        }
        if (caughtUp && run.swap == RebuildRun.Swap.AUTO) {
            swap(run, "the automatic swap");
        }
    }

    private void measure(RebuildRun run) {
        // the stored token, not the processor's status: in tests the status kept showing an early position
        // for a minute after the rebuild had read everything, while nothing new arrived
        run.processed = position(orEmpty(stored(run.processorName())));
        run.target = position(orEmpty(stored(run.projection.processingGroup())));
    }

    private void abandon(RebuildRun run, RebuildRun.State end, String why) {
        run.processor.shutDown();
        transactions.executeWithoutResult(status -> {
            tables.drop(run.projection);
            tokens.delete(run.processorName());
        });
        run.finish(end, why, clock.instant());
        log.warn("Rebuild of {} {}: {}; its shadow tables were dropped, the live projection is unchanged",
                run.projection.processingGroup(), end.name().toLowerCase(), why);
    }

    private TrackingEventProcessor rebuildProcessor(RebuildableProjection projection, int segments,
                                                    RebuildFailures failures) {
        Configuration configuration = axon.getObject();
        List<String> topics = consumers.getObject().topicsByGroup().get(projection.processingGroup());
        if (topics == null) {
            throw ApiProblem.conflict("Projection '" + projection.processingGroup() + "' does not read Kafka");
        }
        Object handler = projection.handlers().apply(ShadowTables::shadowOf);
        SimpleEventHandlerInvoker invoker = SimpleEventHandlerInvoker.builder()
                .eventHandlers(handler)
                .parameterResolverFactory(configuration.parameterResolverFactory())
                // Axon's own handler definitions only: the live group's in-place retries (a savepoint around every
                // event, two extra round trips) are no use here, where a failure retries the whole batch
                .handlerDefinition(ClasspathHandlerDefinition.forClass(handler.getClass()))
                // a failure stops the batch and is retried (never skipped), and shows as the rebuild's error
                .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                .build();
        TrackingEventProcessorConfiguration tracking = TrackingEventProcessorConfiguration
                .forParallelProcessing(segments)
                .andInitialSegmentsCount(segments)
                .andBatchSize(properties.batchSize());
        // records that are not envelopes have no handler here: they are skipped (the live processor parked them)
        return TrackingEventProcessor.builder()
                .name(RebuildRun.processorName(projection.processingGroup()))
                .eventHandlerInvoker(invoker)
                .messageSource(sources.getObject().forTopicsWithPoisonRecords(topics))
                .tokenStore(processing().tokenStore(projection.processingGroup()))
                .transactionManager(processing().transactionManager(projection.processingGroup()))
                .trackingEventProcessorConfiguration(tracking)
                .errorHandler(failures)
                .build();
    }

    private RebuildRun active(String processingGroup) {
        RebuildRun run = runs.get(processingGroup);
        if (run == null || !run.active()) {
            throw ApiProblem.notFound("Rebuild under way of '" + processingGroup + "'");
        }
        return run;
    }

    private TrackingEventProcessor live(String processingGroup) {
        return processing().eventProcessor(processingGroup, TrackingEventProcessor.class)
                .orElseThrow(() -> ApiProblem.notFound("Tracking processor '" + processingGroup + "' in this service"));
    }

    private EventProcessingConfiguration processing() {
        return axon.getObject().eventProcessingConfiguration();
    }

    private Map<TopicPartition, Long> stored(String processor) {
        return new StoredTokenPositions(jdbc, axon.getObject().serializer()).apply(processor);
    }

    /**
     * What every segment of the rebuild has read: the rebuild covers the live projection only where its
     * slowest segment has reached the live processor's furthest position.
     */
    private Map<TopicPartition, Long> covered(String rebuildProcessor) {
        return new StoredTokenPositions(jdbc, axon.getObject().serializer()).slowest(rebuildProcessor);
    }

    static boolean covers(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> target) {
        return target.entrySet().stream()
                .allMatch(entry -> positions.getOrDefault(entry.getKey(), -1L) >= entry.getValue());
    }

    /** Records before the positions: offsets + 1, summed over partitions. */
    static long position(Map<TopicPartition, Long> positions) {
        return positions.values().stream().mapToLong(offset -> offset + 1).sum();
    }

    private static Map<TopicPartition, Long> orEmpty(Map<TopicPartition, Long> positions) {
        return positions == null ? Map.of() : positions;
    }

    @Override
    public void start() {
        for (RebuildableProjection projection : projections.values()) {
            String name = RebuildRun.processorName(projection.processingGroup());
            if (tokens.claimedWithin(name, LIVELINESS, clock.instant())) {
                continue; // another instance is rebuilding it
            }
            if (tables.anyExists(projection) || tokens.segments(name) > 0) {
                transactions.executeWithoutResult(status -> {
                    tables.drop(projection);
                    tokens.delete(name);
                });
                log.warn("An interrupted rebuild of {} was cleaned up (its shadow tables dropped); start it again "
                        + "if it is still wanted", projection.processingGroup());
            }
        }
        checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "projection-rebuilds");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.checkInterval().toMillis();
        checker.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (checker != null) {
            checker.shutdownNow();
            checker = null;
        }
        runs.values().stream().filter(RebuildRun::active).forEach(run -> {
            run.processor.shutDown();
            run.finish(RebuildRun.State.CANCELLED, "the service stopped", clock.instant());
        });
    }

    @Override
    public boolean isRunning() {
        return checker != null;
    }

    /** After Axon's processors have started, before they stop. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1024;
    }
}
