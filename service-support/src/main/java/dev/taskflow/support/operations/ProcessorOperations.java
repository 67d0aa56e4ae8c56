package dev.taskflow.support.operations;

import dev.taskflow.support.observability.ConsumerLagMonitor;
import dev.taskflow.support.deadletter.DeadLetteringProcessors;
import dev.taskflow.support.web.ApiProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What operators may do with this service's event processors: look at them (with the rebuild of a
 * projection, if one runs, and the node holding each segment), pause and resume them, and release a segment
 * for another instance to take.
 */
public class ProcessorOperations {

    private static final Logger log = LoggerFactory.getLogger(ProcessorOperations.class);

    private final ObjectProvider<Configuration> axon;
    private final ObjectProvider<DeadLetteringProcessors> consumers;
    private final ObjectProvider<ConsumerLagMonitor> lag;
    private final ObjectProvider<ProjectionRebuilds> rebuilds;
    private final SegmentClaims claims;

    public ProcessorOperations(ObjectProvider<Configuration> axon, ObjectProvider<DeadLetteringProcessors> consumers,
                               ObjectProvider<ConsumerLagMonitor> lag, ObjectProvider<ProjectionRebuilds> rebuilds,
                               ObjectProvider<JdbcTemplate> jdbc) {
        this.axon = axon;
        this.consumers = consumers;
        this.lag = lag;
        this.rebuilds = rebuilds;
        this.claims = new SegmentClaims(jdbc);
    }

    public List<ProcessorView> processors() {
        return processing().eventProcessors().values().stream().map(this::view)
                .sorted(Comparator.comparing(ProcessorView::name)).toList();
    }

    public ProcessorView processor(String name) {
        return view(find(name));
    }

    public ProcessorView pause(String name, String operator) {
        TrackingEventProcessor processor = tracking(name);
        processor.shutDown();
        log.warn("Processor {} paused by operator {}", name, operator);
        return view(processor);
    }

    public ProcessorView resume(String name, String operator) {
        TrackingEventProcessor processor = tracking(name);
        processor.start();
        log.warn("Processor {} resumed by operator {}", name, operator);
        return view(processor);
    }

    /**
     * Stops processing {@code segment} here and keeps this instance from claiming it again for {@code duration}:
     * Axon's tracking processors do not balance segments between instances on their own. Another instance with
     * a thread free claims it within its claim interval (5 s); if none does, this one takes it back afterwards.
     */
    public ProcessorView release(String name, int segment, Duration duration, String operator) {
        TrackingEventProcessor processor = tracking(name);
        if (claims.of(name).stream().noneMatch(claim -> claim.segment() == segment)) {
            throw ApiProblem.notFound("Segment " + segment + " of processor '" + name + "'");
        }
        processor.releaseSegment(segment, duration.toMillis(), TimeUnit.MILLISECONDS);
        log.warn("Segment {} of processor {} released for {} by operator {} on {}", segment, name, duration, operator,
                SegmentClaims.NODE);
        return view(processor);
    }

    private ProcessorView view(EventProcessor processor) {
        String name = processor.getName();
        if (!(processor instanceof TrackingEventProcessor tracking)) {
            String kind = processor instanceof SubscribingEventProcessor ? "subscribing"
                    : processor.getClass().getSimpleName();
            return new ProcessorView(name, kind, processor.isRunning(), processor.isError(), SegmentClaims.NODE,
                    List.of(), List.of(), List.of(), null);
        }
        List<ProcessorView.Segment> segments = new ArrayList<>();
        for (EventTrackerStatus status : tracking.processingStatus().values()) {
            TrackingToken current = WrappedToken.unwrapLowerBound(status.getTrackingToken());
            segments.add(new ProcessorView.Segment(status.getSegment().getSegmentId(), status.isCaughtUp(),
                    status.isReplaying(), status.isErrorState(),
                    status.getError() == null ? null : status.getError().toString(),
                    current instanceof KafkaTrackingToken kafka ? ProjectionRebuilds.position(kafka.getPositions()) : null));
        }
        ProjectionRebuilds projections = rebuilds.getIfAvailable();
        ProcessorView.Rebuild rebuild = projections == null ? null : projections.view(name).orElse(null);
        return new ProcessorView(name, "tracking", tracking.isRunning(), tracking.isError(), SegmentClaims.NODE,
                segments, claims.of(name), lagOf(name), rebuild);
    }

    private List<ProcessorView.TopicLag> lagOf(String name) {
        ConsumerLagMonitor monitor = lag.getIfAvailable();
        DeadLetteringProcessors registered = consumers.getIfAvailable();
        if (monitor == null || registered == null || !registered.topicsByGroup().containsKey(name)) {
            return List.of();
        }
        return registered.topicsByGroup().get(name).stream().map(topic -> {
            ConsumerLagMonitor.Lag measured = monitor.lag(name, topic);
            return new ProcessorView.TopicLag(topic, measured.records(), measured.seconds());
        }).toList();
    }

    private EventProcessor find(String name) {
        return processing().eventProcessor(name)
                .orElseThrow(() -> ApiProblem.notFound("Event processor '" + name + "' in this service"));
    }

    private TrackingEventProcessor tracking(String name) {
        if (find(name) instanceof TrackingEventProcessor tracking) {
            return tracking;
        }
        throw ApiProblem.conflict("Event processor '" + name + "' is not a tracking processor");
    }

    private EventProcessingConfiguration processing() {
        return axon.getObject().eventProcessingConfiguration();
    }
}
