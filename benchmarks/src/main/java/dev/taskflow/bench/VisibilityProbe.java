package dev.taskflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Beside the load, one task of its own every interval (or right after the previous 201 when that took longer:
 * the probe's tasks are created one after the other, so analytics counts them in order); from its 201, each read
 * side is polled until it shows the task: the query side (the task by id), the audit trail (a record for the
 * task) and analytics (the count of the probe's organization includes it).
 */
final class VisibilityProbe {

    static final long GIVE_UP_MILLIS = 30_000;

    /** Milliseconds from the 201 to visible; -1 when not visible within {@link #GIVE_UP_MILLIS}. */
    record Probe(long createdMillis, String taskId, long queryMillis, long auditMillis, long analyticsMillis) {
    }

    private final GatewayClient gateway;
    private final Tenants.Tenant tenant;
    private final long intervalMillis;
    private final long pollMillis;
    private final ConcurrentLinkedQueue<Probe> probes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final ExecutorService pollers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "bench-probe");
        thread.setDaemon(true);
        return thread;
    });
    private int created;

    VisibilityProbe(GatewayClient gateway, Tenants.Tenant tenant, long intervalMillis, long pollMillis) {
        this.gateway = gateway;
        this.tenant = tenant;
        this.intervalMillis = intervalMillis;
        this.pollMillis = pollMillis;
    }

    /** Probes until {@code untilMillis}, then waits for the probes under way. */
    void run(long untilMillis) {
        List<CompletableFuture<Void>> running = new ArrayList<>();
        while (System.currentTimeMillis() < untilMillis) {
            long next = System.currentTimeMillis() + intervalMillis;
            GatewayClient.Response answer = gateway.post("/workflow/tasks", tenant.token(), tenant.organizationId(),
                    Map.of("projectId", tenant.projectId(), "title", "probe " + created));
            long at = System.currentTimeMillis();
            if (answer.status() == 201) {
                int ordinal = ++created;
                String taskId = answer.text("taskId");
                running.add(CompletableFuture.runAsync(() -> follow(at, taskId, ordinal), pollers));
            }
            long wait = next - System.currentTimeMillis();
            if (wait > 0) {
                Tenants.sleep(Duration.ofMillis(wait));
            }
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        pollers.shutdown();
        try {
            pollers.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Probe> probes() {
        return probes.stream().sorted(Comparator.comparingLong(Probe::createdMillis)).toList();
    }

    int reads() {
        return reads.get();
    }

    private void follow(long at, String taskId, int ordinal) {
        CompletableFuture<Long> query = CompletableFuture.supplyAsync(() -> until(at, () ->
                get("/workflow/tasks/" + taskId).status() == 200), pollers);
        CompletableFuture<Long> audit = CompletableFuture.supplyAsync(() -> until(at, () -> {
            JsonNode records = get("/audit/records?entityId=" + taskId).json();
            return records.isArray() && !records.isEmpty();
        }), pollers);
        CompletableFuture<Long> analytics = CompletableFuture.supplyAsync(() -> until(at, () ->
                createdCount() >= ordinal), pollers);
        probes.add(new Probe(at, taskId, query.join(), audit.join(), analytics.join()));
    }

    /** The probe organization's tasks as analytics counts them; its tasks reach it in order (one partition). */
    private long createdCount() {
        long total = 0;
        for (JsonNode day : get("/analytics/tasks-per-day").json()) {
            total += day.path("created").asLong();
        }
        return total;
    }

    private GatewayClient.Response get(String path) {
        reads.incrementAndGet();
        return gateway.get(path, tenant.token(), tenant.organizationId());
    }

    private long until(long from, BooleanSupplier visible) {
        while (System.currentTimeMillis() - from < GIVE_UP_MILLIS) {
            if (visible.getAsBoolean()) {
                return System.currentTimeMillis() - from;
            }
            Tenants.sleep(Duration.ofMillis(pollMillis));
        }
        return -1;
    }
}
