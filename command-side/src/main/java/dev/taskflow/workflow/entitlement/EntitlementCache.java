package dev.taskflow.workflow.entitlement;

import dev.taskflow.api.Plan;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The local copy of each organization's plan limits. An organization billing has not told us about
 * gets the lowest plan: new creations are blocked early rather than allowed on a guess.
 */
@Component
public class EntitlementCache {

    public record Limits(String plan, int maxProjects, int maxTasks) {
    }

    private static final Limits LOWEST = new Limits(Plan.lowest().name(), Plan.lowest().maxProjects(), Plan.lowest().maxTasks());

    private final JdbcTemplate jdbc;

    EntitlementCache(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Limits limitsOf(String organizationId) {
        return jdbc.query("select plan, max_projects, max_tasks from entitlement_cache where organization_id = ?",
                        (rs, i) -> new Limits(rs.getString(1), rs.getInt(2), rs.getInt(3)), organizationId)
                .stream().findFirst().orElse(LOWEST);
    }
}
