package dev.taskflow.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the next Gatling run does. Gatling instantiates the simulation class itself, by name, so the plan is
 * handed over through this holder; runs never overlap.
 *
 * @param users      closed model: this many clients looping for the duration; 0 for the open model
 * @param rate       closed model: a throttle in requests/s (0 = none); open model: new requests per second
 * @param phase      a short name: part of every correlation id, so audit records can be found per batch
 */
record LoadPlan(String phase, String baseUrl, List<Tenants.Tenant> tenants, int users, double rate, Duration duration,
                LoadRecorder recorder, AtomicLongArray perTenant) {

    /** Requests per correlation id: the audit lookup by correlation id answers at most 1000 records. */
    static final int BATCH = 500;

    private static volatile LoadPlan current;

    static LoadPlan closed(String phase, String baseUrl, List<Tenants.Tenant> tenants, int users, double throttle,
                           Duration duration) {
        return new LoadPlan(phase, baseUrl, tenants, users, throttle, duration, new LoadRecorder(),
                new AtomicLongArray(tenants.size()));
    }

    static LoadPlan open(String phase, String baseUrl, List<Tenants.Tenant> tenants, double rate, Duration duration) {
        return new LoadPlan(phase, baseUrl, tenants, 0, rate, duration, new LoadRecorder(),
                new AtomicLongArray(tenants.size()));
    }

    static LoadPlan current() {
        return current;
    }

    static void use(LoadPlan plan) {
        current = plan;
    }

    boolean open() {
        return users == 0;
    }

    String nextCorrelationId(int tenant) {
        return correlationId(tenant, perTenant.getAndIncrement(tenant) / BATCH);
    }

    String correlationId(int tenant, long batch) {
        return "bench-" + phase + "-" + tenant + "-" + batch;
    }

    String describe() {
        return open() ? String.format("open model, %.1f new requests/s for %ds", rate, duration.toSeconds())
                : String.format("%d closed-loop clients%s for %ds", users,
                rate > 0 ? String.format(", throttled to %.1f requests/s", rate) : ", unthrottled", duration.toSeconds());
    }
}
