package dev.taskflow.support.membership;

import dev.taskflow.api.Role;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads this service's local copy of organization membership. A member whose membership events wait in
 * the dead-letter queue has no known role: the copy may be wrong for them (a removal may be among the
 * parked events), and an inconsistent membership is a denial.
 */
public class MembershipDirectory {

    private final JdbcTemplate jdbc;

    MembershipDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Role> roleOf(String organizationId, String userId) {
        return jdbc.query("select role from membership_cache where organization_id = ? and user_id = ? and role is not null",
                (rs, i) -> Role.valueOf(rs.getString(1)), organizationId, userId).stream().findFirst();
    }

    /** Whether an event about this member is parked in the dead-letter queue. */
    public boolean unsettled(String organizationId, String userId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                        select exists (select 1 from dead_letter_entry where processing_group = ? and sequence_identifier = ?)""",
                Boolean.class, MembershipProjection.GROUP, MembershipProjection.memberSequence(organizationId, userId)));
    }
}
