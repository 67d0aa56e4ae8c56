package dev.taskflow.support.operations;

import java.time.Duration;
import java.time.Instant;
import org.axonframework.eventhandling.TrackingEventProcessor;

/** One rebuild of one projection on this instance, from its start to its swap, failure or cancellation. */
final class RebuildRun {

    enum State { BUILDING, READY, SWAPPING, SWAPPED, FAILED, CANCELLED }

    enum Swap { AUTO, MANUAL }

    final RebuildableProjection projection;
    final Swap swap;
    final Instant startedAt;
    final String startedBy;
    final TrackingEventProcessor processor;
    final RebuildFailures failures;

    volatile State state = State.BUILDING;
    volatile Instant finishedAt;
    volatile String error;
    volatile long processed;
    volatile long target;

    RebuildRun(RebuildableProjection projection, Swap swap, Instant startedAt, String startedBy,
               TrackingEventProcessor processor, RebuildFailures failures) {
        this.projection = projection;
        this.swap = swap;
        this.startedAt = startedAt;
        this.startedBy = startedBy;
        this.processor = processor;
        this.failures = failures;
    }

    static String processorName(String processingGroup) {
        return processingGroup + ShadowTables.SHADOW;
    }

    String processorName() {
        return processorName(projection.processingGroup());
    }

    boolean active() {
        return state == State.BUILDING || state == State.READY || state == State.SWAPPING;
    }

    void finish(State end, String why, Instant at) {
        state = end;
        error = why;
        finishedAt = at;
    }

    ProcessorView.Rebuild view(Instant now) {
        long done = Math.min(processed, target);
        double progress = target == 0 ? (state == State.BUILDING ? 0.0 : 1.0) : (double) done / target;
        Instant until = finishedAt != null ? finishedAt : now;
        double seconds = Duration.between(startedAt, until).toMillis() / 1000.0;
        Double rate = seconds > 0 && processed > 0 ? processed / seconds : null;
        Double eta = !active() || state == State.READY ? Double.valueOf(0)
                : rate == null ? null : Math.max(0, target - processed) / rate;
        return new ProcessorView.Rebuild(state.name(), swap.name(), startedAt, startedBy, finishedAt, processed, target,
                progress, rate, eta, error);
    }
}
