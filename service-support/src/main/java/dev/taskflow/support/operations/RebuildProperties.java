package dev.taskflow.support.operations;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Blue-green rebuilds of projections ({@code taskflow.operations.rebuild.*}).
 *
 * @param batchSize     events the rebuilding processor handles per transaction (default 200)
 * @param swapTimeout   how long a swap waits, with the live processor paused, for the rebuild to reach the
 *                      live position (default 30 s); the live processor resumes either way
 * @param giveUpAfter   a rebuild whose processor keeps failing for this long is abandoned: its shadow tables
 *                      are dropped, the live projection is untouched (default 2 min)
 * @param checkInterval how often running rebuilds are checked for catching up and for failures (default 500 ms)
 */
@ConfigurationProperties("taskflow.operations.rebuild")
public record RebuildProperties(Integer batchSize, Duration swapTimeout, Duration giveUpAfter, Duration checkInterval) {

    public RebuildProperties {
        batchSize = batchSize == null ? 200 : batchSize;
        swapTimeout = swapTimeout == null ? Duration.ofSeconds(30) : swapTimeout;
        giveUpAfter = giveUpAfter == null ? Duration.ofMinutes(2) : giveUpAfter;
        checkInterval = checkInterval == null ? Duration.ofMillis(500) : checkInterval;
    }
}
