package dev.taskflow.identity.user.persistence;

import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The users table; the only class that speaks SQL to it. */
@Repository
public class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @return false when the unique index on {@code lower(username)} refused the row. The id is a
     * fresh random UUID, so a duplicate key can only be the username.
     */
    public boolean insert(StoredUser user) {
        try {
            jdbc.sql("""
                            insert into users (id, username, password_hash, display_name)
                            values (:id, :username, :passwordHash, :displayName)""")
                    .param("id", user.id())
                    .param("username", user.username())
                    .param("passwordHash", user.passwordHash())
                    .param("displayName", user.displayName())
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public Optional<StoredUser> findByUsername(String username) {
        return jdbc.sql("""
                        select id, username, password_hash, display_name
                        from users where lower(username) = lower(:username)""")
                .param("username", username)
                .query((rs, row) -> new StoredUser(rs.getObject("id", UUID.class), rs.getString("username"),
                        rs.getString("password_hash"), rs.getString("display_name")))
                .optional();
    }
}
