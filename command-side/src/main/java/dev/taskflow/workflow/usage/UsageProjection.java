package dev.taskflow.workflow.usage;

import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Counts projects and tasks per organization and remembers which project belongs to which
 * organization. Runs in a subscribing processor, inside the command's own transaction, so the counts
 * never lag behind the event store.
 */
@Component
@ProcessingGroup(UsageProjection.GROUP)
class UsageProjection {

    static final String GROUP = "usage";

    private final JdbcTemplate jdbc;

    UsageProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ProjectCreatedEvent event) {
        jdbc.update("insert into project_registry (project_id, organization_id) values (?, ?)",
                event.projectId(), event.organizationId());
        increment(event.organizationId(), "projects");
    }

    @EventHandler
    void on(TaskCreatedEvent event) {
        increment(event.organizationId(), "tasks");
    }

    private void increment(String organizationId, String column) {
        jdbc.update("insert into organization_usage (organization_id, " + column + ") values (?, 1) "
                + "on conflict (organization_id) do update set " + column + " = organization_usage." + column + " + 1",
                organizationId);
    }
}
