package dev.taskflow.workflow.entitlement;

import dev.taskflow.api.billing.EntitlementsUpdatedEvent;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Feeds entitlement_cache from billing.entitlements.updated; an older update never overwrites a newer one. */
@Component
@ProcessingGroup(EntitlementProjection.GROUP)
class EntitlementProjection {

    static final String GROUP = "entitlement-cache";

    private final JdbcTemplate jdbc;

    EntitlementProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(EntitlementsUpdatedEvent event) {
        jdbc.update("""
                insert into entitlement_cache (organization_id, plan, max_projects, max_tasks, updated_at)
                values (?, ?, ?, ?, ?)
                on conflict (organization_id) do update set plan = excluded.plan,
                    max_projects = excluded.max_projects, max_tasks = excluded.max_tasks, updated_at = excluded.updated_at
                where entitlement_cache.updated_at <= excluded.updated_at""",
                event.organizationId(), event.plan().name(), event.maxProjects(), event.maxTasks(),
                Timestamp.from(event.updatedAt()));
    }
}
