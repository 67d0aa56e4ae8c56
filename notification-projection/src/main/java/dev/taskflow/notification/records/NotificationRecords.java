package dev.taskflow.notification.records;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The {@code notification} table (the rebuildable projection) and the recipients' read marks
 * ({@code notification_read}, never rebuilt). Written with JDBC: the projection's handlers run in JDBC
 * savepoints of the processor's transaction (decision 6).
 */
@Repository
public class NotificationRecords {

    /** The live table; a rebuild writes a shadow copy of it (see NotificationRebuildConfiguration). */
    public static final String TABLE = "notification";

    private static final String COLUMNS = "n.id, n.event_id, n.recipient_id, n.organization_id, n.project_id, n.task_id, "
            + "n.kind, n.title, n.text, n.actor_id, n.created_at, r.read_at";

    /**
     * Only notifications of organizations the recipient is (still) a member of, by the local membership cache:
     * somebody removed from an organization no longer reads what happened in it (task titles, who did what).
     */
    private static final String STILL_A_MEMBER = " and exists (select 1 from membership_cache m "
            + "where m.organization_id = n.organization_id and m.user_id = n.recipient_id and m.role is not null)";

    private final JdbcTemplate jdbc;
    private final String table;

    @Autowired
    NotificationRecords(JdbcTemplate jdbc) {
        this(jdbc, TABLE);
    }

    private NotificationRecords(JdbcTemplate jdbc, String table) {
        this.jdbc = jdbc;
        this.table = table;
    }

    /** The same records written to another table of the same columns: a rebuild's shadow table. */
    public NotificationRecords writingTo(String otherTable) {
        return new NotificationRecords(jdbc, otherTable);
    }

    /**
     * Stores the event's notifications; those stored before (same event and recipient) are left alone.
     *
     * @return how many were new
     */
    public int record(NotifiableEvent event) {
        int fresh = 0;
        for (Notification n : event.notifications()) {
            fresh += jdbc.update("""
                            insert into %s (id, event_id, recipient_id, organization_id, project_id, task_id, kind, title,
                                            text, actor_id, created_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            on conflict do nothing""".formatted(table),
                    n.id(), n.eventId(), n.recipientId(), n.organizationId(), n.projectId(), n.taskId(), n.kind().name(),
                    n.title(), n.text(), n.actorId(), Timestamp.from(n.createdAt()));
        }
        return fresh;
    }

    /** Empties the records (a token reset); read marks stay, the ids come back the same. */
    public void clear() {
        jdbc.update("delete from " + table);
    }

    /** A page of a recipient's notifications, newest first; only those of organizations they are a member of. */
    public List<Notification> of(String recipientId, boolean unreadOnly, int page, int size) {
        return jdbc.query("select " + COLUMNS + " from " + table + " n left join notification_read r on r.notification_id = n.id "
                        + "where n.recipient_id = ?" + (unreadOnly ? " and r.read_at is null" : "") + STILL_A_MEMBER
                        + " order by n.created_at desc, n.id desc limit ? offset ?",
                ROW, recipientId, size, (long) page * size);
    }

    public long count(String recipientId, boolean unreadOnly) {
        return jdbc.queryForObject("select count(*) from " + table + " n left join notification_read r on r.notification_id = n.id "
                + "where n.recipient_id = ?" + (unreadOnly ? " and r.read_at is null" : "") + STILL_A_MEMBER, Long.class,
                recipientId);
    }

    public Optional<Notification> find(UUID id, String recipientId) {
        return jdbc.query("select " + COLUMNS + " from " + table + " n left join notification_read r on r.notification_id = n.id "
                + "where n.id = ? and n.recipient_id = ?" + STILL_A_MEMBER, ROW, id, recipientId).stream().findFirst();
    }

    /**
     * Marks the recipient's notification read (once: the first time stays).
     *
     * @return the notification, empty when the recipient has none with this id
     */
    public Optional<Notification> markRead(UUID id, String recipientId) {
        if (find(id, recipientId).isEmpty()) {
            return Optional.empty();
        }
        jdbc.update("insert into notification_read (notification_id, recipient_id) values (?, ?) on conflict do nothing",
                id, recipientId);
        return find(id, recipientId);
    }

    private static final RowMapper<Notification> ROW = NotificationRecords::notification;

    private static Notification notification(ResultSet rs, int row) throws SQLException {
        return new Notification(rs.getObject("id", UUID.class), rs.getString("event_id"), rs.getString("recipient_id"),
                rs.getString("organization_id"), rs.getString("project_id"), rs.getString("task_id"),
                NotificationKind.valueOf(rs.getString("kind")), rs.getString("title"), rs.getString("text"),
                rs.getString("actor_id"), instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("read_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
