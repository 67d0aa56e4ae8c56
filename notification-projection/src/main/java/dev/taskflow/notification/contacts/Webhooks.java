package dev.taskflow.notification.contacts;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code webhook} table: each organization's endpoints and their signing secrets. */
@Repository
public class Webhooks {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;

    Webhooks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Registers a URL with a new random secret ({@code whsec_} and 32 random bytes, base64url). */
    public Webhook register(String organizationId, String url, String createdBy) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        UUID id = UUID.randomUUID();
        jdbc.update("insert into webhook (id, organization_id, url, secret, created_by) values (?, ?, ?, ?, ?)",
                id, organizationId, url, secret, createdBy);
        return find(id).orElseThrow();
    }

    public List<Webhook> of(String organizationId) {
        return jdbc.query("select * from webhook where organization_id = ? order by created_at, id", Webhooks::webhook,
                organizationId);
    }

    public int count(String organizationId) {
        return jdbc.queryForObject("select count(*) from webhook where organization_id = ?", Integer.class, organizationId);
    }

    public Optional<Webhook> find(UUID id) {
        return jdbc.query("select * from webhook where id = ?", Webhooks::webhook, id).stream().findFirst();
    }

    /** @return whether the organization had such a webhook */
    public boolean delete(String organizationId, UUID id) {
        return jdbc.update("delete from webhook where id = ? and organization_id = ?", id, organizationId) > 0;
    }

    private static Webhook webhook(ResultSet rs, int row) throws SQLException {
        return new Webhook(rs.getObject("id", UUID.class), rs.getString("organization_id"), rs.getString("url"),
                rs.getString("secret"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());
    }
}
