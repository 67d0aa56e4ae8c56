package dev.taskflow.organization.query;

import dev.taskflow.api.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads of the organization read model. */
@Component
public class MemberQueries {

    public record Member(String userId, Role role, Instant addedAt) {
    }

    private final JdbcTemplate jdbc;

    MemberQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Role> roleOf(String organizationId, String userId) {
        return jdbc.query("select role from organization_member_view where organization_id = ? and user_id = ?",
                (rs, i) -> Role.valueOf(rs.getString(1)), organizationId, userId).stream().findFirst();
    }

    public List<Member> members(String organizationId) {
        return jdbc.query("""
                select user_id, role, added_at from organization_member_view
                where organization_id = ? order by added_at, user_id""",
                (rs, i) -> new Member(rs.getString(1), Role.valueOf(rs.getString(2)),
                        rs.getTimestamp(3).toInstant()),
                organizationId);
    }
}
