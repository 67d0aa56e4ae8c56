package dev.taskflow.organization.query;

import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.api.organization.MemberRemovedEvent;
import dev.taskflow.api.organization.OrganizationCreatedEvent;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code organization_view} and {@code organization_member_view} in step with the local event
 * store. The processing group is subscribing (see organization-service.yml), so the rows are written
 * in the transaction that appends the events.
 */
@Component
@ProcessingGroup(OrganizationReadModel.GROUP)
public class OrganizationReadModel {

    public static final String GROUP = "organization-read-model";

    private final JdbcTemplate jdbc;

    OrganizationReadModel(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(OrganizationCreatedEvent event) {
        jdbc.update("""
                insert into organization_view (organization_id, name, owner_user_id, created_at) values (?, ?, ?, ?)
                on conflict (organization_id) do nothing""",
                event.organizationId(), event.name(), event.ownerUserId(), Timestamp.from(event.createdAt()));
    }

    @EventHandler
    void on(MemberAddedEvent event) {
        jdbc.update("""
                insert into organization_member_view (organization_id, user_id, role, added_at) values (?, ?, ?, ?)
                on conflict (organization_id, user_id) do update set role = excluded.role, added_at = excluded.added_at""",
                event.organizationId(), event.userId(), event.role().name(), Timestamp.from(event.addedAt()));
    }

    @EventHandler
    void on(MemberRemovedEvent event) {
        jdbc.update("delete from organization_member_view where organization_id = ? and user_id = ?",
                event.organizationId(), event.userId());
    }
}
