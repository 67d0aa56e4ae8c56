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
 * @param segments   the segments this instance has claimed
 * @param lag        per topic it reads from Kafka: records not processed yet and how long the oldest has waited
 * @param replay     the replay under way or last started here, {@code null} if none
 */
public record ProcessorView(String name, String kind, boolean running, boolean error, List<Segment> segments,
                            List<TopicLag> lag, Replay replay) {

    /** @param position the sum of the segment's Kafka offsets, when it reads Kafka */
    public record Segment(int id, boolean caughtUp, boolean replaying, boolean error, String errorMessage, Long position) {
    }

    public record TopicLag(String topic, long records, double seconds) {
    }

    /**
     * @param from       where the replay started: {@code null} for the beginning of the topics
     * @param processed  records replayed so far
     * @param total      records to replay (up to where the processor was when the replay started)
     * @param progress   processed / total, 0..1
     * @param etaSeconds estimated time to finish at the rate so far, {@code null} before there is a rate
     */
    public record Replay(boolean replaying, Instant startedAt, Instant from, long processed, long total,
                         double progress, Double ratePerSecond, Double etaSeconds) {
    }
}
