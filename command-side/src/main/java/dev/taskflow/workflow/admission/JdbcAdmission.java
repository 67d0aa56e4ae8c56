package dev.taskflow.workflow.admission;

import dev.taskflow.workflow.entitlement.EntitlementCache;
import dev.taskflow.workflow.entitlement.EntitlementCache.Limits;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks limits against the usage counters kept in the same database transaction as the event store.
 * The usage row is locked for the rest of the command's transaction, so two concurrent creations in one
 * organization cannot both take the last free place.
 */
@Component
class JdbcAdmission implements Admission {

    private final JdbcTemplate jdbc;
    private final EntitlementCache entitlements;

    JdbcAdmission(JdbcTemplate jdbc, EntitlementCache entitlements) {
        this.jdbc = jdbc;
        this.entitlements = entitlements;
    }

    @Override
    public void admitProject(String organizationId) {
        Limits limits = entitlements.limitsOf(organizationId);
        int projects = lockUsage(organizationId, "projects");
        if (limits.maxProjects() >= 0 && projects >= limits.maxProjects()) {
            throw new PlanLimitReachedException(limits.plan(), "projects", limits.maxProjects());
        }
    }

    @Override
    public void admitTask(String organizationId, String projectId) {
        Integer known = jdbc.queryForObject(
                "select count(*) from project_registry where project_id = ? and organization_id = ?",
                Integer.class, projectId, organizationId);
        if (known == null || known == 0) {
            throw new UnknownProjectException(projectId);
        }
        Limits limits = entitlements.limitsOf(organizationId);
        int tasks = lockUsage(organizationId, "tasks");
        if (limits.maxTasks() >= 0 && tasks >= limits.maxTasks()) {
            throw new PlanLimitReachedException(limits.plan(), "tasks", limits.maxTasks());
        }
    }

    private int lockUsage(String organizationId, String column) {
        jdbc.update("insert into organization_usage (organization_id) values (?) on conflict do nothing", organizationId);
        Integer count = jdbc.queryForObject(
                "select " + column + " from organization_usage where organization_id = ? for update",
                Integer.class, organizationId);
        return count == null ? 0 : count;
    }
}
