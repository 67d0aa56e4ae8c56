package dev.taskflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Once a second for the whole run: the lag of every consumer, the outbox backlog and, on the embedded platform,
 * its memory. Benchmarks read the slice of their own window.
 */
final class Monitor implements AutoCloseable {

    /**
     * @param lag    records behind per consumer ({@code service/processor}); -1 where nothing was measured for it
     *               in the last 5 s (Kafka away, the service not answering)
     * @param outbox the outbox backlog summed over the publishing services; -1 when unknown
     */
    record Sample(long epochMillis, Map<String, Long> lag, long outbox, long rssBytes, long pssBytes) {
        /** The largest known lag; -1 when none is known. */
        long maxLag() {
            return lag.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        }
    }

    private final Operator operator;
    private final Supplier<ProcessMemory.Usage> memory;
    private static final long CARRY_MILLIS = 5_000;

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Map<String, long[]> lastKnown = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-monitor");
        thread.setDaemon(true);
        return thread;
    });

    Monitor(Operator operator, Supplier<ProcessMemory.Usage> memory) {
        this.operator = operator;
        this.memory = memory;
    }

    void start() {
        scheduler.scheduleAtFixedRate(() -> {
            // an exception escaping a scheduled task would silently end all further sampling
            try {
                sample();
            } catch (RuntimeException e) {
                System.out.println("  monitor: sample failed: " + e);
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        // separately: with Kafka away the lag figures time out, while the outbox backlog is what B5 watches
        Map<String, Long> lag = new TreeMap<>();
        long outbox = -1;
        long now = System.currentTimeMillis();
        try {
            operator.consumers().forEach(c -> {
                if (c.records() >= 0) {
                    lastKnown.put(c.key(), new long[] {c.records(), now});
                }
            });
        } catch (RuntimeException e) {
            // the gateway did not answer: only what is still recent in lastKnown remains
        }
        // A busy service misses the gateway's 2 s deadline now and then, and its lag measurement fails at times:
        // a figure a few seconds old is still the consumer's lag; older than that it is unknown.
        lastKnown.forEach((consumer, known) -> lag.put(consumer, now - known[1] <= CARRY_MILLIS ? known[0] : -1));
        try {
            outbox = operator.outbox().values().stream().mapToLong(Long::longValue).sum();
        } catch (RuntimeException e) {
            outbox = -1;
        }
        ProcessMemory.Usage usage = memory.get();
        samples.add(new Sample(now, lag, outbox, usage.rssBytes(), usage.pssBytes()));
    }

    List<Sample> between(long fromMillis, long toMillis) {
        List<Sample> slice = new ArrayList<>();
        for (Sample s : samples) {
            if (s.epochMillis() >= fromMillis && s.epochMillis() <= toMillis) {
                slice.add(s);
            }
        }
        return slice;
    }

    /**
     * Waits until every consumer has caught up and the outbox is empty (at most {@code threshold} records behind
     * in the last two samples), so that a benchmark does not start on the previous one's backlog.
     *
     * @return whether it got quiet within the cap
     */
    boolean awaitQuiet(long threshold, Duration cap) {
        long deadline = System.currentTimeMillis() + cap.toMillis();
        while (System.currentTimeMillis() < deadline) {
            List<Sample> last = between(System.currentTimeMillis() - 2500, Long.MAX_VALUE);
            if (last.size() >= 2 && last.stream().allMatch(s -> PhaseCsv.behind(s) >= 0 && PhaseCsv.behind(s) <= threshold)) {
                return true;
            }
            Tenants.sleep(Duration.ofMillis(500));
        }
        return false;
    }

    List<Sample> all() {
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
