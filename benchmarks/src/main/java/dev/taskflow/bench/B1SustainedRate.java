package dev.taskflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * B1: the highest create rate, at the configured number of concurrent clients, that the consumers keep up with.
 * First unthrottled; while the lag is not bounded, again throttled to 0.7 × the rate reached.
 */
final class B1SustainedRate {

    static final double RAW_RATIO_TARGET = 0.25;
    /** A consumer ending a window more than this much input behind is not keeping up. */
    static final double LAG_BOUND_SECONDS = 2.0;
    static final long LAG_BOUND_FLOOR = 100;
    private static final double BACK_OFF = 0.7;

    record Attempt(int number, LoadPlan plan, long fromMillis, long toMillis, double rate, double endLag, double bound,
                   boolean bounded) {
    }

    private final BenchContext context;
    private final List<Tenants.Tenant> tenants;
    private final List<Attempt> attempts = new ArrayList<>();
    private double sustained = Double.NaN;

    B1SustainedRate(BenchContext context, List<Tenants.Tenant> tenants) {
        this.context = context;
        this.tenants = tenants;
    }

    /** The sustained rate, or NaN when no attempt kept the lag bounded. */
    double sustained() {
        return sustained;
    }

    /** The rate the later benchmarks take half of: the sustained one, else the lowest tried. */
    double reference() {
        return Double.isNaN(sustained) ? attempts.stream().mapToDouble(Attempt::rate).min().orElse(10) : sustained;
    }

    long fromMillis() {
        return attempts.isEmpty() ? 0 : attempts.get(0).fromMillis();
    }

    long toMillis() {
        return attempts.isEmpty() ? 0 : attempts.get(attempts.size() - 1).toMillis();
    }

    void run(double rawTps) {
        BenchOptions options = context.options();
        double throttle = 0;
        for (int n = 1; n <= options.b1Attempts(); n++) {
            List<Tenants.Tenant> fresh = context.tenants().refreshed(tenants);
            LoadPlan plan = LoadPlan.closed("b1-" + n, context.gateway().baseUrl(), fresh, options.clients(), throttle,
                    options.duration());
            System.out.printf("B1 attempt %d: %s%n", n, plan.describe());
            long called = System.currentTimeMillis();
            GatlingRun.run(plan, context.report().directory());
            // the window is the load itself, without Gatling's start-up and report generation
            long from = plan.recorder().startMillis(called);
            long to = plan.recorder().endMillis(System.currentTimeMillis());
            double rate = plan.recorder().createdPerSecond();
            double endLag = endLag(from, to);
            double bound = Math.max(LAG_BOUND_FLOOR, LAG_BOUND_SECONDS * rate);
            boolean bounded = endLag <= bound;
            attempts.add(new Attempt(n, plan, from, to, rate, endLag, bound, bounded));
            System.out.printf("B1 attempt %d: %.1f tasks/s, lag at the end %.0f records (bound %.0f): %s%n", n, rate,
                    endLag, bound, bounded ? "bounded" : "NOT bounded");
            if (bounded) {
                sustained = rate;
                break;
            }
            throttle = BACK_OFF * rate;
            awaitDrained(bound);
        }
        report(rawTps);
    }

    /** The largest consumer lag (or outbox backlog) averaged over the last part of the window. */
    private double endLag(long from, long to) {
        long tail = Math.min(10_000, (to - from) / 3);
        List<Monitor.Sample> samples = context.monitor().between(to - tail, to);
        // a sample whose lag is unknown cannot show the lag bounded, so the tail must have known ones
        return samples.stream().mapToLong(PhaseCsv::behind).filter(v -> v >= 0).average().orElse(Double.NaN);
    }

    /** Lets the consumers catch up before the next attempt, so it starts from an empty backlog. */
    private void awaitDrained(double bound) {
        if (!context.monitor().awaitQuiet((long) (bound / 4), Duration.ofMinutes(2))) {
            System.out.println("B1: consumers still behind after 2 min; next attempt starts anyway");
        }
    }

    private void report(double rawTps) {
        Report report = context.report();
        Report.Section section = report.section("B1 sustained create rate");
        boolean hasRaw = !Double.isNaN(rawTps) && rawTps > 0;
        String value = Double.isNaN(sustained) ? "not bounded at any rate tried" : String.format("%.1f tasks/s", sustained);
        section.figures.add(new Figure("B1", "sustained create rate (" + context.options().clients() + " clients)",
                value + (hasRaw && !Double.isNaN(sustained) ? String.format(" = %.3f × raw %.0f/s", ratio(rawTps), rawTps)
                        : hasRaw ? String.format(" (raw %.0f/s)", rawTps) : ""),
                "≥ 0.25 × raw", hasRaw && !Double.isNaN(sustained) ? ratio(rawTps) >= RAW_RATIO_TARGET
                        : Double.isNaN(sustained) ? Boolean.FALSE : null));
        section.line("`POST /workflow/tasks` through the gateway by %d concurrent closed-loop clients (Gatling), spread "
                + "over %d organizations on the ENTERPRISE plan, %d s per attempt. The lag of every Kafka consumer "
                + "(`GET /admin/processors`, records not yet processed, summed over the consumer's topics) and the "
                + "outbox backlog (`GET /admin/outbox`) are sampled every second.", context.options().clients(),
                tenants.size(), context.options().duration().toSeconds());
        section.line("");
        section.line("**Bounded** means: the largest lag of any consumer (or the outbox backlog), averaged over the last "
                + "10 s of the window (the last third for windows under 30 s), is at most max(%d records, %.0f s × the "
                + "rate reached) — every consumer ends the window less than %.0f seconds of input behind. The first "
                + "attempt is unthrottled; each attempt that is not bounded is followed, once the consumers caught up, "
                + "by one throttled to %.1f × its rate (at most %d attempts).", LAG_BOUND_FLOOR, LAG_BOUND_SECONDS,
                LAG_BOUND_SECONDS, BACK_OFF, context.options().b1Attempts());
        section.line("");
        section.line("| attempt | load | created/s | p50 / p99 latency | non-201 | lag at end | bound | |");
        section.line("|---|---|---|---|---|---|---|---|");
        Map<String, double[][]> throughput = new LinkedHashMap<>();
        Map<String, double[][]> latency = new LinkedHashMap<>();
        Map<String, double[][]> lag = new LinkedHashMap<>();
        for (Attempt a : attempts) {
            LoadRecorder r = a.plan().recorder();
            section.line("| %d | %s | %.1f | %.0f / %.0f ms | %d %s | %.0f | %.0f | %s |", a.number(), a.plan().describe(),
                    a.rate(), r.latencyPercentile(50), r.latencyPercentile(99), r.failed(),
                    r.failed() > 0 ? r.statusCounts().toString() : "", a.endLag(), a.bound(),
                    a.bounded() ? "bounded" : "not bounded");
            String name = "b1-attempt-" + a.number();
            List<Monitor.Sample> samples = context.monitor().between(a.fromMillis(), a.toMillis());
            report.csv(section, name + ".csv", PhaseCsv.HEADER, PhaseCsv.rows(a.fromMillis(), r.perSecond(), samples));
            throughput.put("attempt " + a.number(), PhaseCsv.series(a.fromMillis(), r.perSecond(), s -> (double) s.created()));
            latency.put("p99 attempt " + a.number(), PhaseCsv.series(a.fromMillis(), r.perSecond(), LoadRecorder.Second::p99Millis));
            latency.put("p50 attempt " + a.number(), PhaseCsv.series(a.fromMillis(), r.perSecond(), LoadRecorder.Second::p50Millis));
            lag.put("attempt " + a.number(), PhaseCsv.sampleSeries(a.fromMillis(), samples, PhaseCsv::behind));
        }
        if (Double.isNaN(sustained)) {
            section.line("");
            section.line("No attempt kept the lag bounded: B2 and B5 run at half the lowest rate reached (%.1f tasks/s).",
                    reference());
        }
        section.line("");
        section.line("Gatling reports: %s.", String.join(", ", attempts.stream()
                .map(a -> "[attempt " + a.number() + "](gatling/" + a.plan().phase() + "/index.html)").toList()));
        report.chart(section, "b1-throughput.png", "B1: tasks created per second", "tasks/s", throughput);
        report.chart(section, "b1-latency.png", "B1: POST /workflow/tasks latency", "ms", latency);
        report.chart(section, "b1-lag.png", "B1: largest consumer lag or outbox backlog", "records", lag);
    }

    private double ratio(double rawTps) {
        return sustained / rawTps;
    }
}
