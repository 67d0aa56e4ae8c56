package dev.taskflow.support.membership;

import dev.taskflow.api.Role;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads this service's local copy of organization membership. */
public class MembershipDirectory {

    private final JdbcTemplate jdbc;

    MembershipDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Role> roleOf(String organizationId, String userId) {
        return jdbc.query("select role from membership_cache where organization_id = ? and user_id = ? and role is not null",
                (rs, i) -> Role.valueOf(rs.getString(1)), organizationId, userId).stream().findFirst();
    }
}
