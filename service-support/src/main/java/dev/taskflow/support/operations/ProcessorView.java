package dev.taskflow.support.operations;

import java.time.Instant;
import java.util.List;

/**
 * One event processor as operators see it.
 *
 * @param name       the processor's (processing group's) name
 * @param kind       {@code tracking}, {@code subscribing} or another Axon processor type
 * @param running    whether it is processing (false after a pause)
 * @param error      whether a segment is in error mode (retrying a failure)
 * @param node       this instance, as it appears as the owner of the segments it claimed ({@code <pid>@<host>})
 * @param segments   the segments this instance has claimed
 * @param claims     every segment of the processor and the node holding it, whichever instance that is
 * @param lag        per topic it reads from Kafka: records not processed yet and how long the oldest has waited
 * @param rebuild    the blue-green rebuild under way or last run on this instance, {@code null} if none
 */
public record ProcessorView(String name, String kind, boolean running, boolean error, String node,
                            List<Segment> segments, List<Claim> claims, List<TopicLag> lag, Rebuild rebuild) {

    /** @param position the sum of the segment's Kafka offsets, when it reads Kafka */
    public record Segment(int id, boolean caughtUp, boolean replaying, boolean error, String errorMessage, Long position) {
    }

    /**
     * @param owner     the node holding the segment, {@code null} when nobody does
     * @param here      whether that is this instance
     * @param touchedAt when the owner last renewed its claim; a claim older than the claim timeout (10 s) is
     *                  taken over by another instance with a thread free
     */
    public record Claim(int segment, String owner, boolean here, Instant touchedAt) {
    }

    public record TopicLag(String topic, long records, double seconds) {
    }

    /**
     * A rebuild of the projection into shadow tables (see {@link ProjectionRebuilds}).
     *
     * @param state      {@code BUILDING}, {@code READY} (caught up, waiting for a manual swap), {@code SWAPPING},
     *                   {@code SWAPPED}, {@code FAILED} or {@code CANCELLED}
     * @param swap       {@code AUTO} (swapped in as soon as it has caught up) or {@code MANUAL}
     * @param processed  records the rebuild has read so far
     * @param target     records the live projection has read (the rebuild must reach it to swap)
     * @param progress   processed / target, 0..1
     * @param etaSeconds estimated time to catch up at the rate so far; {@code null} before there is a rate
     * @param error      why it failed or was cancelled, or the failure it is retrying
     */
    public record Rebuild(String state, String swap, Instant startedAt, String startedBy, Instant finishedAt,
                          long processed, long target, double progress, Double ratePerSecond, Double etaSeconds,
                          String error) {
    }
}
