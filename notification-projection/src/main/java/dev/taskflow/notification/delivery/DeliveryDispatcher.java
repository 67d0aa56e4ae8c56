package dev.taskflow.notification.delivery;

import dev.taskflow.notification.NotificationProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what the delivery table holds, and nothing else sends. Every {@code interval} (and at once again
 * while it finds work) it
 * <ol>
 *   <li>marks deliveries UNCERTAIN that were claimed longer than {@code lease} ago without an outcome (their
 *       sender stopped between sending and recording: they are not sent again);</li>
 *   <li>claims due deliveries in one short transaction ({@code for update skip locked}, oldest first, one
 *       per destination, counting the attempt and recording its start), so several instances share the
 *       work and no row is claimed twice;</li>
 *   <li>sends them (up to {@code senders} at a time, outside any transaction);</li>
 *   <li>records each outcome in a transaction of its own: DELIVERED, PENDING again after an exponential
 *       back-off, FAILED when the attempts are used up, CANCELLED when there is nothing to send to.</li>
 * </ol>
 * Stopping waits for sends under way to record their outcome.
 */
@Component
public class DeliveryDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    private final Deliveries deliveries;
    private final EmailSender email;
    private final WebhookSender webhooks;
    private final TransactionTemplate transactions;
    private final NotificationProperties.Dispatch settings;
    private final Duration stopTimeout;
    private final MeterRegistry meters;
    private final String claimer;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Map<DeliveryChannel, AtomicLong> waiting = new EnumMap<>(DeliveryChannel.class);
    private final Map<DeliveryChannel, AtomicLong> oldestSeconds = new EnumMap<>(DeliveryChannel.class);
    private ScheduledExecutorService ticker;
    private ExecutorService senders;

    DeliveryDispatcher(Deliveries deliveries, EmailSender email, WebhookSender webhooks,
                       PlatformTransactionManager transactionManager, NotificationProperties properties,
                       MeterRegistry meters) {
        this.deliveries = deliveries;
        this.email = email;
        this.webhooks = webhooks;
        this.transactions = new TransactionTemplate(transactionManager);
        this.settings = properties.dispatch();
        this.stopTimeout = properties.webhooks().connectTimeout().plus(properties.webhooks().requestTimeout())
                .plusSeconds(15);
        this.meters = meters;
        this.claimer = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        for (DeliveryChannel channel : DeliveryChannel.values()) {
            waiting.put(channel, new AtomicLong());
            oldestSeconds.put(channel, new AtomicLong());
            Gauge.builder("notification.deliveries.waiting", waiting.get(channel), AtomicLong::get)
                    .tag("channel", channel.name())
                    .description("Deliveries not sent yet (pending or being sent)").register(meters);
            Gauge.builder("notification.deliveries.oldest.seconds", oldestSeconds.get(channel), AtomicLong::get)
                    .tag("channel", channel.name())
                    .description("Age of the oldest delivery not sent yet").register(meters);
        }
    }

    @Override
    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        senders = Executors.newFixedThreadPool(settings.senders(), runnable -> {
            Thread thread = new Thread(runnable, "notification-sender-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "notification-dispatcher");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        log.info("Notification dispatcher {} started: every {}, {} senders, {} attempts from {} (x{}, at most {})",
                claimer, settings.interval(), settings.senders(), settings.maxAttempts(), settings.initialInterval(),
                settings.multiplier(), settings.maxInterval());
    }

    @Override
    public void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        ticker.shutdown();
        try {
            if (!ticker.awaitTermination(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Notification dispatcher did not finish its sends within {}; their deliveries stay claimed "
                        + "and become UNCERTAIN after the lease", stopTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** One look at the table: runs batches until nothing is due. Public for tests that drive it by hand. */
    void tick() {
        try {
            expireInterrupted();
            while (running.get() && dispatchBatch() > 0) {
                // go on at once: a backlog is sent as fast as the receivers take it
            }
            measureBacklog();
        } catch (RuntimeException e) {
            // the database may be down: nothing was lost, the rows wait; try again next time
            log.warn("Notification dispatch failed, retrying in {}: {}", settings.interval(), e.toString());
        }
    }

    private void expireInterrupted() {
        List<Map<String, Object>> expired = transactions.execute(status -> deliveries.expireInterrupted(settings.lease()));
        for (Map<String, Object> row : expired) {
            meters.counter("notification.deliveries.uncertain", "channel", String.valueOf(row.get("channel"))).increment();
            log.atWarn().setMessage("Delivery {} ({} to {}, event {}) was claimed by {} which never recorded the outcome; "
                            + "marked UNCERTAIN and not sent again")
                    .addArgument(row.get("id")).addArgument(row.get("channel")).addArgument(row.get("recipient"))
                    .addArgument(row.get("event_id")).addArgument(row.get("claimed_by"))
                    .addKeyValue("msg", "Delivery uncertain").addKeyValue("deliveryId", row.get("id"))
                    .addKeyValue("eventId", row.get("event_id")).addKeyValue("channel", row.get("channel")).log();
        }
    }

    private int dispatchBatch() {
        List<Delivery> claimed = transactions.execute(status -> deliveries.claim(settings.batchSize(), claimer));
        if (claimed == null || claimed.isEmpty()) {
            return 0;
        }
        List<Callable<Void>> sends = new ArrayList<>();
        for (Delivery delivery : claimed) {
            sends.add(() -> {
                send(delivery);
                return null;
            });
        }
        try {
            senders.invokeAll(sends);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return claimed.size();
    }

    private void send(Delivery delivery) {
        long started = System.nanoTime();
        Outcome outcome;
        try {
            outcome = switch (delivery.channel()) {
                case EMAIL -> email.send(delivery);
                case WEBHOOK -> webhooks.send(delivery);
            };
        } catch (RuntimeException e) {
            outcome = Outcome.retry(null, e.toString());
        }
        Duration retryAfter = outcome.kind() == Outcome.Kind.RETRY && delivery.attempt() < settings.maxAttempts()
                ? backoff(delivery.attempt()) : null;
        Outcome recorded = outcome;
        transactions.executeWithoutResult(status -> deliveries.finish(delivery, recorded, retryAfter));
        Counter.builder("notification.delivery.attempts").tag("channel", delivery.channel().name())
                .tag("outcome", outcome.kind().name()).register(meters).increment();
        log(delivery, outcome, retryAfter, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The wait after failed attempt {@code attempt}: initial x multiplier^(attempt-1), capped, +- jitter. */
    Duration backoff(int attempt) {
        double millis = settings.initialInterval().toMillis() * Math.pow(settings.multiplier(), attempt - 1);
        millis = Math.min(millis, settings.maxInterval().toMillis());
        if (settings.jitter() > 0) {
            millis *= 1 + ThreadLocalRandom.current().nextDouble(-settings.jitter(), settings.jitter());
        }
        return Duration.ofMillis(Math.max(1, Math.round(millis)));
    }

    private void measureBacklog() {
        deliveries.backlog().forEach((channel, backlog) -> {
            waiting.get(channel).set(backlog.waiting());
            oldestSeconds.get(channel).set(backlog.oldest().toSeconds());
        });
    }

    private static void log(Delivery delivery, Outcome outcome, Duration retryAfter, Duration took) {
        var line = (outcome.kind() == Outcome.Kind.DELIVERED || outcome.kind() == Outcome.Kind.CANCELLED
                ? log.atInfo() : log.atWarn())
                .addKeyValue("msg", "Delivery attempt").addKeyValue("deliveryId", delivery.id())
                .addKeyValue("eventId", delivery.eventId()).addKeyValue("channel", delivery.channel())
                .addKeyValue("recipient", delivery.recipient()).addKeyValue("attempt", delivery.attempt())
                .addKeyValue("outcome", outcome.kind()).addKeyValue("statusCode", outcome.statusCode())
                .addKeyValue("tookMs", took.toMillis());
        switch (outcome.kind()) {
            case DELIVERED -> line.log("Delivered {} {} to {} (event {}, attempt {})", delivery.channel(), delivery.id(),
                    delivery.recipient(), delivery.eventId(), delivery.attempt());
            case RETRY -> line.log(retryAfter != null
                            ? "Delivery {} {} to {} failed (attempt {}): {}; next attempt in " + retryAfter
                            : "Delivery {} {} to {} failed for good after attempt {}: {}",
                    delivery.channel(), delivery.id(), delivery.recipient(), delivery.attempt(), outcome.error());
            default -> line.log("Delivery {} {} to {} {} (attempt {}): {}", delivery.channel(), delivery.id(),
                    delivery.recipient(), outcome.kind(), delivery.attempt(), outcome.error());
        }
    }
}
