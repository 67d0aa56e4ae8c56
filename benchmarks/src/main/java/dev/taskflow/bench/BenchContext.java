package dev.taskflow.bench;

import java.util.List;

/**
 * What the benchmarks share: the platform under test and how to reach its parts, the report, the monitor
 * and the tenants. {@code kafka}, {@code databaseUrl}, {@code broker} and {@code platform} are null when unknown.
 */
record BenchContext(BenchOptions options, GatewayClient gateway, Operator operator, String kafka, String databaseUrl,
                    BrokerControl broker, EmbeddedPlatform platform, Monitor monitor, Report report, String runId) {

    Tenants tenants() {
        return new Tenants(gateway);
    }

    List<Tenants.Tenant> createTenants(String name, int count) {
        return tenants().create("bench-" + runId + "-" + name, count);
    }
}
