package dev.taskflow.workflow.entitlement;

import dev.taskflow.api.Plan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The local copy of each organization's plan limits. An organization billing has not told us about
 * gets the lowest plan: new creations are blocked early rather than allowed on a guess.
 */
@Component
public class EntitlementCache {

    private static final Logger log = LoggerFactory.getLogger(EntitlementCache.class);

    public record Limits(String plan, int maxProjects, int maxTasks) {
    }

    private static final Limits LOWEST = new Limits(Plan.lowest().name(), Plan.lowest().maxProjects(), Plan.lowest().maxTasks());

    private final JdbcTemplate jdbc;
    private final Counter unknown;

    EntitlementCache(JdbcTemplate jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.unknown = Counter.builder("entitlements.unknown")
                .description("Checks that fell back to the lowest plan because billing's entitlements were not known")
                .register(registry);
    }

    public Limits limitsOf(String organizationId) {
        return jdbc.query("select plan, max_projects, max_tasks from entitlement_cache where organization_id = ?",
                        (rs, i) -> new Limits(rs.getString(1), rs.getInt(2), rs.getInt(3)), organizationId)
                .stream().findFirst().orElseGet(() -> lowestFor(organizationId));
    }

    private Limits lowestFor(String organizationId) {
        unknown.increment();
        log.atInfo().setMessage("No entitlements known for organization {}; applying plan {}")
                .addArgument(organizationId).addArgument(LOWEST.plan())
                .addKeyValue("msg", "Entitlements unknown, lowest plan applied")
                .addKeyValue("organizationId", organizationId).log();
        return LOWEST;
    }
}
