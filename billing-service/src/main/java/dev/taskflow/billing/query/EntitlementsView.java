package dev.taskflow.billing.query;

import dev.taskflow.api.Plan;
import dev.taskflow.api.billing.EntitlementsUpdatedEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The current entitlements of each organization, from the local event store. The processing group is
 * subscribing (billing-service.yml): the row changes in the transaction that appends the event.
 */
@Component
@ProcessingGroup(EntitlementsView.GROUP)
public class EntitlementsView {

    public static final String GROUP = "billing-entitlements-view";

    /** An organization's plan and limits; {@code updatedAt} is null when nothing is known yet. */
    public record Entitlements(String organizationId, Plan plan, int maxProjects, int maxTasks, Instant updatedAt) {

        public static Entitlements defaultFor(String organizationId) {
            Plan plan = Plan.lowest();
            return new Entitlements(organizationId, plan, plan.maxProjects(), plan.maxTasks(), null);
        }
    }

    private final JdbcTemplate jdbc;

    EntitlementsView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(EntitlementsUpdatedEvent event) {
        jdbc.update("""
                insert into entitlements_view (organization_id, plan, max_projects, max_tasks, updated_at)
                values (?, ?, ?, ?, ?)
                on conflict (organization_id) do update set plan = excluded.plan,
                    max_projects = excluded.max_projects, max_tasks = excluded.max_tasks,
                    updated_at = excluded.updated_at""",
                event.organizationId(), event.plan().name(), event.maxProjects(), event.maxTasks(),
                Timestamp.from(event.updatedAt()));
    }

    public Optional<Entitlements> find(String organizationId) {
        return jdbc.query("""
                select plan, max_projects, max_tasks, updated_at from entitlements_view where organization_id = ?""",
                (rs, i) -> new Entitlements(organizationId, Plan.valueOf(rs.getString(1)), rs.getInt(2), rs.getInt(3),
                        rs.getTimestamp(4).toInstant()),
                organizationId).stream().findFirst();
    }

    /** What is known, or the lowest plan's limits when nothing is. */
    public Entitlements current(String organizationId) {
        return find(organizationId).orElseGet(() -> Entitlements.defaultFor(organizationId));
    }
}
