package dev.taskflow.support.membership;

import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.api.organization.MemberRemovedEvent;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps membership_cache in step with organization events. Additions and removals arrive on different
 * topics and so in no guaranteed order: each row remembers when it last changed and an older event
 * never overwrites a newer one; a removal leaves a row without role.
 */
@ProcessingGroup(MembershipProjection.GROUP)
public class MembershipProjection {

    public static final String GROUP = "membership-cache";

    private static final String UPSERT = """
            insert into membership_cache (organization_id, user_id, role, changed_at) values (?, ?, ?, ?)
            on conflict (organization_id, user_id) do update set role = excluded.role, changed_at = excluded.changed_at
            where membership_cache.changed_at <= excluded.changed_at""";

    private final JdbcTemplate jdbc;

    /** The dead-letter sequence of a membership event: one member of one organization. */
    static String sequenceOf(Object payload) {
        if (payload instanceof MemberAddedEvent added) {
            return memberSequence(added.organizationId(), added.userId());
        }
        if (payload instanceof MemberRemovedEvent removed) {
            return memberSequence(removed.organizationId(), removed.userId());
        }
        return null;
    }

    static String memberSequence(String organizationId, String userId) {
        return "member:" + organizationId + ":" + userId;
    }

    MembershipProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(MemberAddedEvent event) {
        write(event.organizationId(), event.userId(), event.role().name(), event.addedAt());
    }

    @EventHandler
    void on(MemberRemovedEvent event) {
        write(event.organizationId(), event.userId(), null, event.removedAt());
    }

    private void write(String organizationId, String userId, String role, Instant at) {
        jdbc.update(UPSERT, organizationId, userId, role, Timestamp.from(at));
    }
}
