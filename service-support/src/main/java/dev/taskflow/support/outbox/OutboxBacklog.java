package dev.taskflow.support.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Measures the outbox: events in this service's event store beyond the publishing processor's
 * position, and the age of the oldest of them. Published as gauges {@code outbox.backlog.events} and
 * {@code outbox.backlog.age} (seconds); crossing the alert threshold logs a structured warning once,
 * and recovery logs once.
 */
public class OutboxBacklog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxBacklog.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String processorName;
    private final JdbcTemplate jdbc;
    private final OutboxProperties properties;
    private final Clock clock;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong ageSeconds = new AtomicLong();
    private final AtomicBoolean alerting = new AtomicBoolean();
    private final AtomicReference<Instant> measuredAt = new AtomicReference<>();
    private ScheduledExecutorService scheduler;

    public OutboxBacklog(String processorName, JdbcTemplate jdbc, OutboxProperties properties,
                         MeterRegistry registry, Clock clock) {
        this.processorName = processorName;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("outbox.backlog.events", events, AtomicLong::get)
                .description("Events stored but not yet acknowledged by Kafka").register(registry);
        Gauge.builder("outbox.backlog.age", ageSeconds, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest event not yet acknowledged by Kafka").register(registry);
    }

    public long events() {
        return events.get();
    }

    public long ageSeconds() {
        return ageSeconds.get();
    }

    /**
     * When the figures were last taken: {@code null} until the publisher has a position, and left at the last
     * success while the database cannot be read, so an old time tells the figures are stale.
     */
    public Instant measuredAt() {
        return measuredAt.get();
    }

    /** Whether the last measurement was over an alert threshold. */
    public boolean overThreshold() {
        return alerting.get();
    }

    /** The publishing processor whose position the backlog is measured from. */
    public String processorName() {
        return processorName;
    }

    /** Measures once; the scheduler calls this every interval. */
    public void measure() {
        OptionalLong position = publisherPosition();
        if (position.isEmpty()) {
            return;
        }
        List<String> oldest = jdbc.queryForList(
                "select time_stamp from domain_event_entry where global_index > ? order by global_index limit 1",
                String.class, position.getAsLong());
        Long count = jdbc.queryForObject("select count(*) from domain_event_entry where global_index > ?",
                Long.class, position.getAsLong());
        events.set(count == null ? 0 : count);
        ageSeconds.set(oldest.isEmpty() ? 0
                : Math.max(0, Duration.between(Instant.parse(oldest.get(0)), clock.instant()).toSeconds()));
        measuredAt.set(clock.instant());
        boolean over = ageSeconds.get() > properties.alertAge().toSeconds() || events.get() > properties.alertEvents();
        if (over && alerting.compareAndSet(false, true)) {
            log.atWarn().setMessage("Outbox backlog over threshold: {} events, oldest {} s")
                    .addArgument(events.get()).addArgument(ageSeconds.get())
                    .addKeyValue("msg", "Outbox backlog over threshold").addKeyValue("events", events.get())
                    .addKeyValue("ageSeconds", ageSeconds.get()).log();
        } else if (!over && alerting.compareAndSet(true, false)) {
            log.atInfo().setMessage("Outbox backlog back under threshold: {} events").addArgument(events.get())
                    .addKeyValue("msg", "Outbox backlog recovered").addKeyValue("events", events.get()).log();
        }
    }

    /**
     * The publisher's committed position, read from its token row rather than from the processor,
     * because a processor in error mode (Kafka down) has released its segment and reports nothing.
     * -1 when it has never published; empty when its tokens do not exist yet.
     */
    private OptionalLong publisherPosition() {
        List<byte[]> tokens = jdbc.queryForList("select token from token_entry where processor_name = ?",
                byte[].class, processorName);
        if (tokens.isEmpty()) {
            return OptionalLong.empty();
        }
        long lowest = Long.MAX_VALUE;
        for (byte[] token : tokens) {
            lowest = Math.min(lowest, token == null ? -1 : indexOf(token));
        }
        return OptionalLong.of(lowest);
    }

    private static long indexOf(byte[] token) {
        try {
            return JSON.readTree(token).path("index").asLong(-1);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "outbox-backlog");
            thread.setDaemon(true);
            return thread;
        });
        long millis = properties.interval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                measure();
            } catch (RuntimeException e) {
                // the database may be down; the gauges keep their last values until it is back
                log.debug("Could not measure the outbox backlog: {}", e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
