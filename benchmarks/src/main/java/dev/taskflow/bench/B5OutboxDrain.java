package dev.taskflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * B5: at half the B1 rate, Kafka goes away for a while; the command side keeps accepting tasks into its event
 * store (the outbox), and once Kafka is back the backlog drains. Nothing acknowledged may be lost.
 */
final class B5OutboxDrain {

    static final double DRAIN_TARGET_FACTOR = 10;
    private static final Duration BEFORE = Duration.ofSeconds(10);
    private static final Duration AFTER = Duration.ofSeconds(20);
    private static final Duration DRAIN_CAP = Duration.ofMinutes(5);
    private static final Duration CONVERGENCE_CAP = Duration.ofMinutes(3);

    private final BenchContext context;
    private final List<Tenants.Tenant> tenants;

    B5OutboxDrain(BenchContext context, List<Tenants.Tenant> tenants) {
        this.context = context;
        this.tenants = tenants;
    }

    void run(double rate) {
        Report.Section section = context.report().section("B5 outbox drain");
        BrokerControl broker = context.broker();
        if (broker == null) {
            section.line("Skipped: no way to stop the broker (`--broker-stop` / `--broker-start`).");
            section.figures.add(Figure.skipped("B5", "outbox drain", "≥ 10 × arrival, nothing lost",
                    "no --broker-stop/--broker-start"));
            return;
        }
        Duration outage = context.options().outage();
        List<Tenants.Tenant> fresh = context.tenants().refreshed(tenants);
        LoadPlan plan = LoadPlan.open("b5", context.gateway().baseUrl(), fresh, rate, BEFORE.plus(outage).plus(AFTER));
        System.out.printf("B5: %s; Kafka away for %d s after %d s (%s)%n", plan.describe(), outage.toSeconds(),
                BEFORE.toSeconds(), broker.describe());
        long from = System.currentTimeMillis();
        CompletableFuture<?> load = CompletableFuture.runAsync(() -> GatlingRun.run(plan, context.report().directory()));
        Tenants.sleep(BEFORE);
        long stopped = System.currentTimeMillis();
        long recovered;
        broker.stop();
        try {
            Tenants.sleep(outage);
        } finally {
            broker.start();
            recovered = System.currentTimeMillis();
        }
        System.out.println("B5: Kafka is back; waiting for the backlog to drain");
        load.join();
        double arrival = plan.recorder().all().stream()
                .filter(r -> r.created() && r.endMillis() >= stopped && r.endMillis() <= recovered).count()
                / ((recovered - stopped) / 1000.0);
        double emptyBelow = Math.max(5, arrival);
        long empty = awaitEmpty(recovered, emptyBelow);
        long to = System.currentTimeMillis();
        long peak = context.monitor().between(stopped, empty < 0 ? to : empty).stream()
                .mapToLong(Monitor.Sample::outbox).max().orElse(0);
        double drainSeconds = empty < 0 ? Double.NaN : Math.max(1, empty - recovered) / 1000.0;
        double drain = empty < 0 ? Double.NaN : peak / drainSeconds;
        System.out.printf("B5: arrival %.1f/s, backlog peak %d, drained in %.1f s (%.0f/s); checking for losses%n",
                arrival, peak, drainSeconds, drain);
        Losses losses = losses(plan, fresh);

        boolean drained = !Double.isNaN(drain);
        section.figures.add(new Figure("B5", "outbox drain rate (× arrival)", drained
                ? String.format("%.0f/s = %.1f × %.1f/s", drain, drain / arrival, arrival) : "did not drain in "
                + DRAIN_CAP.toMinutes() + " min", "≥ 10 × arrival", drained && drain >= DRAIN_TARGET_FACTOR * arrival));
        section.figures.add(new Figure("B5", "acknowledged tasks lost", losses.summary(), "0",
                losses.checked() ? losses.lost() == 0 : null));
        section.line("Load: %s over %d organizations of their own; Kafka taken away %d s after the start for %d s by %s. "
                + "The outbox backlog (`GET /admin/outbox`: events in the event store not yet acknowledged by Kafka, "
                + "summed over the publishing services) is sampled every second.", plan.describe(), fresh.size(),
                BEFORE.toSeconds(), outage.toSeconds(), broker.describe());
        section.line("");
        section.line("- Arrival rate during the outage (201s per second): **%.1f/s**; %d tasks acknowledged in all, %d "
                + "requests not answered 201%s.", arrival, plan.recorder().created(), plan.recorder().failed(),
                plan.recorder().failed() > 0 ? " " + plan.recorder().statusCounts() : "");
        section.line("- Backlog peak: **%d** events.", peak);
        section.line("- Drain: from Kafka's return to the first sample with a backlog ≤ %.0f (one second of arrivals; the "
                + "load goes on for %d s after the return): %s → drain rate = peak / that time = **%s**.", emptyBelow,
                AFTER.toSeconds(), drained ? String.format("%.1f s", drainSeconds) : "not within the cap",
                drained ? String.format("%.0f events/s", drain) : "n/a");
        section.line("- Losses: %s", losses.details());
        section.line("");
        section.line("Gatling report: [b5](gatling/b5/index.html).");
        List<Monitor.Sample> samples = context.monitor().between(from, to);
        context.report().csv(section, "b5.csv", PhaseCsv.HEADER, PhaseCsv.rows(from, plan.recorder().perSecond(), samples));
        Map<String, double[][]> backlog = new LinkedHashMap<>();
        backlog.put("outbox backlog", PhaseCsv.sampleSeries(from, samples, Monitor.Sample::outbox));
        backlog.put("largest consumer lag", PhaseCsv.sampleSeries(from, samples, Monitor.Sample::maxLag));
        context.report().chart(section, "b5-backlog.png", String.format("B5: Kafka away from %.0f s to %.0f s",
                (stopped - from) / 1000.0, (recovered - from) / 1000.0), "events", backlog);
        context.report().chart(section, "b5-throughput.png", "B5: tasks created per second", "tasks/s",
                Map.of("created", PhaseCsv.series(from, plan.recorder().perSecond(), s -> (double) s.created())));
    }

    private long awaitEmpty(long recovered, double below) {
        long deadline = recovered + DRAIN_CAP.toMillis();
        while (System.currentTimeMillis() < deadline) {
            for (Monitor.Sample s : context.monitor().between(recovered + 500, Long.MAX_VALUE)) {
                if (s.outbox() >= 0 && s.outbox() <= below) {
                    return s.epochMillis();
                }
            }
            Tenants.sleep(Duration.ofMillis(500));
        }
        return -1;
    }

    record Losses(boolean checked, long acknowledged, long lost, String details) {
        String summary() {
            return checked ? String.format("%d of %d", lost, acknowledged) : "not checked";
        }
    }

    /**
     * Every 201 must reach the audit trail (looked up by the correlation ids the load used, 500 requests each)
     * and analytics' count of its organization (these organizations had no other tasks).
     */
    private Losses losses(LoadPlan plan, List<Tenants.Tenant> fresh) {
        Map<Integer, List<LoadRecorder.Request>> byTenant = new HashMap<>();
        plan.recorder().all().stream().filter(LoadRecorder.Request::created)
                .forEach(r -> byTenant.computeIfAbsent(r.tenant(), k -> new ArrayList<>()).add(r));
        long acknowledged = byTenant.values().stream().mapToLong(List::size).sum();
        long deadline = System.currentTimeMillis() + CONVERGENCE_CAP.toMillis();
        long missingAudit;
        long missingAnalytics;
        do {
            missingAudit = 0;
            missingAnalytics = 0;
            for (Map.Entry<Integer, List<LoadRecorder.Request>> entry : byTenant.entrySet()) {
                Tenants.Tenant tenant = fresh.get(entry.getKey());
                missingAnalytics += Math.max(0, entry.getValue().size() - analyticsCount(tenant));
                missingAudit += missingFromAudit(tenant, entry.getValue());
            }
            if (missingAudit == 0 && missingAnalytics == 0) {
                break;
            }
            Tenants.sleep(Duration.ofSeconds(5));
        } while (System.currentTimeMillis() < deadline);
        long lost = Math.max(missingAudit, missingAnalytics);
        String details = String.format("%d tasks acknowledged with 201; after waiting up to %d min for the consumers, "
                + "%d not in the audit trail and %d not counted by analytics.", acknowledged,
                CONVERGENCE_CAP.toMinutes(), missingAudit, missingAnalytics);
        return new Losses(true, acknowledged, lost, details);
    }

    private long analyticsCount(Tenants.Tenant tenant) {
        long total = 0;
        for (JsonNode day : context.gateway().get("/analytics/tasks-per-day", tenant.token(), tenant.organizationId()).json()) {
            total += day.path("created").asLong();
        }
        return total;
    }

    private long missingFromAudit(Tenants.Tenant tenant, List<LoadRecorder.Request> requests) {
        Map<String, Set<String>> expected = new HashMap<>();
        requests.forEach(r -> expected.computeIfAbsent(r.correlationId(), k -> new HashSet<>()).add(r.taskId()));
        long missing = 0;
        for (Map.Entry<String, Set<String>> batch : expected.entrySet()) {
            Set<String> found = new HashSet<>();
            for (JsonNode record : context.gateway().get("/audit/records?correlationId=" + batch.getKey(),
                    tenant.token(), tenant.organizationId()).json()) {
                found.add(record.path("entityId").asText());
            }
            missing += batch.getValue().stream().filter(id -> !found.contains(id)).count();
        }
        return missing;
    }
}
