package dev.taskflow.notification.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The delivery table ({@code delivery}) and its attempts ({@code delivery_attempt}). Rows are written by
 * the live projection only ({@link #add}, in the processor's transaction) and sent by the
 * {@link DeliveryDispatcher} only.
 */
@Repository
public class Deliveries {

    private final JdbcTemplate jdbc;

    Deliveries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds a delivery, due now, unless the same (event, channel, recipient) has one already.
     *
     * @return whether it was new
     */
    boolean add(String eventId, String eventType, DeliveryChannel channel, String recipient, String organizationId, UUID notificationId,
                String subject, String payload) {
        return jdbc.update("""
                        insert into delivery (id, event_id, event_type, channel, recipient, organization_id, notification_id,
                                              subject, payload, status, next_attempt_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', now())
                        on conflict (event_id, channel, recipient) do nothing""",
                Delivery.idOf(eventId, channel, recipient), eventId, eventType, channel.name(), recipient, organizationId,
                notificationId, subject, payload) > 0;
    }

    /**
     * Claims up to {@code limit} due deliveries, oldest first, at most one per destination (channel and
     * recipient), and only a destination's oldest open one: a destination receives its deliveries in the
     * order they were written, a retry included. Rows another dispatcher has locked are skipped. Each claim
     * counts an attempt and records its start. Call in a transaction.
     */
    List<Delivery> claim(int limit, String claimer) {
        List<Delivery> claimed = new ArrayList<>(jdbc.query("""
                        with due as (
                            select d.seq from delivery d
                            where d.status = 'PENDING' and d.next_attempt_at <= now()
                              and not exists (select 1 from delivery older
                                              where older.channel = d.channel and older.recipient = d.recipient
                                                and older.status in ('PENDING', 'SENDING') and older.seq < d.seq)
                            order by d.seq
                            limit ?
                            for update of d skip locked)
                        update delivery d set status = 'SENDING', attempts = d.attempts + 1, claimed_at = now(),
                                              claimed_by = ?
                        from due where d.seq = due.seq
                        returning d.id, d.seq, d.event_id, d.event_type, d.channel, d.recipient, d.organization_id, d.notification_id,
                                  d.subject, d.payload, d.attempts""",
                Deliveries::claimed, limit, claimer));
        claimed.sort(Comparator.comparingLong(Delivery::seq));
        for (Delivery delivery : claimed) {
            jdbc.update("insert into delivery_attempt (delivery_id, attempt, started_at) values (?, ?, now())",
                    delivery.id(), delivery.attempt());
        }
        return claimed;
    }

    /**
     * Records the outcome of a claimed attempt. A delivery whose lease ran out meanwhile (marked UNCERTAIN)
     * still takes the outcome of its attempt: what was sent is known now.
     *
     * @param retryAfter when a failed attempt is tried again; {@code null} when it is not (FAILED)
     */
    void finish(Delivery delivery, Outcome outcome, Duration retryAfter) {
        DeliveryStatus status = switch (outcome.kind()) {
            case DELIVERED -> DeliveryStatus.DELIVERED;
            case RETRY -> retryAfter == null ? DeliveryStatus.FAILED : DeliveryStatus.PENDING;
            case FAILED -> DeliveryStatus.FAILED;
            case CANCELLED -> DeliveryStatus.CANCELLED;
            case UNKNOWN -> DeliveryStatus.UNCERTAIN;
        };
        jdbc.update("""
                        update delivery set status = ?, last_error = ?, claimed_at = null,
                               delivered_at = case when ? then now() else delivered_at end,
                               next_attempt_at = case when ? then now() + (? * interval '1 millisecond') else next_attempt_at end
                        where id = ? and attempts = ? and status in ('SENDING', 'UNCERTAIN')""",
                status.name(), outcome.error(), status == DeliveryStatus.DELIVERED, status == DeliveryStatus.PENDING,
                retryAfter == null ? 0 : retryAfter.toMillis(), delivery.id(), delivery.attempt());
        jdbc.update("""
                        update delivery_attempt set finished_at = now(), outcome = ?, status_code = ?, error = ?
                        where delivery_id = ? and attempt = ?""",
                outcome.kind().name(), outcome.statusCode(), outcome.error(), delivery.id(), delivery.attempt());
    }

    /**
     * Deliveries claimed longer than {@code lease} ago whose outcome was never recorded: the process that
     * sent them stopped between sending and recording. They are marked UNCERTAIN and not sent again (at
     * most once); their attempt is recorded as INTERRUPTED.
     */
    List<Map<String, Object>> expireInterrupted(Duration lease) {
        List<Map<String, Object>> expired = jdbc.queryForList("""
                        update delivery set status = 'UNCERTAIN',
                               last_error = 'interrupted: claimed by ' || coalesce(claimed_by, '?') || ' at ' || claimed_at
                                            || ', outcome never recorded; not sent again'
                        where status = 'SENDING' and claimed_at < now() - (? * interval '1 millisecond')
                        returning id, event_id, channel, recipient, attempts, claimed_by""", lease.toMillis());
        for (Map<String, Object> row : expired) {
            jdbc.update("""
                            update delivery_attempt set finished_at = now(), outcome = 'INTERRUPTED',
                                   error = 'the sending process stopped before recording the outcome'
                            where delivery_id = ? and attempt = ? and outcome is null""", row.get("id"), row.get("attempts"));
        }
        return expired;
    }

    /** Deliveries waiting (PENDING or SENDING) and the age of the oldest of them, per channel. */
    Map<DeliveryChannel, Backlog> backlog() {
        Map<DeliveryChannel, Backlog> backlog = new LinkedHashMap<>();
        for (DeliveryChannel channel : DeliveryChannel.values()) {
            backlog.put(channel, new Backlog(0, Duration.ZERO));
        }
        jdbc.query("""
                        select channel, count(*) as waiting, extract(epoch from now() - min(created_at)) * 1000 as age_ms
                        from delivery where status in ('PENDING', 'SENDING') group by channel""",
                rs -> {
                    backlog.put(DeliveryChannel.valueOf(rs.getString("channel")),
                            new Backlog(rs.getLong("waiting"), Duration.ofMillis(rs.getLong("age_ms"))));
                });
        return backlog;
    }

    record Backlog(long waiting, Duration oldest) {
    }

    /** A page of one webhook's deliveries, newest first, each with every attempt. */
    public List<DeliveryRecord> ofRecipient(DeliveryChannel channel, String recipient, int page, int size) {
        List<DeliveryRecord> deliveries = jdbc.query("""
                        select id, event_id, channel, recipient, status, attempts, created_at, delivered_at, next_attempt_at,
                               last_error
                        from delivery where channel = ? and recipient = ? order by seq desc limit ? offset ?""",
                (rs, i) -> new DeliveryRecord(rs.getObject("id", UUID.class), rs.getString("event_id"),
                        DeliveryChannel.valueOf(rs.getString("channel")), rs.getString("recipient"),
                        DeliveryStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("delivered_at")),
                        "PENDING".equals(rs.getString("status")) ? instant(rs.getTimestamp("next_attempt_at")) : null,
                        rs.getString("last_error"), new ArrayList<>()),
                channel.name(), recipient, size, (long) page * size);
        for (DeliveryRecord delivery : deliveries) {
            delivery.attempts().addAll(jdbc.query("""
                            select attempt, started_at, finished_at, outcome, status_code, error from delivery_attempt
                            where delivery_id = ? order by attempt""",
                    (rs, i) -> new DeliveryRecord.Attempt(rs.getInt("attempt"), instant(rs.getTimestamp("started_at")),
                            instant(rs.getTimestamp("finished_at")), rs.getString("outcome"),
                            (Integer) rs.getObject("status_code"), rs.getString("error")),
                    delivery.id()));
        }
        return deliveries;
    }

    public long countOfRecipient(DeliveryChannel channel, String recipient) {
        return jdbc.queryForObject("select count(*) from delivery where channel = ? and recipient = ?", Long.class,
                channel.name(), recipient);
    }

    private static Delivery claimed(ResultSet rs, int row) throws SQLException {
        return new Delivery(rs.getObject("id", UUID.class), rs.getLong("seq"), rs.getString("event_id"),
                rs.getString("event_type"), DeliveryChannel.valueOf(rs.getString("channel")), rs.getString("recipient"),
                rs.getString("organization_id"), rs.getObject("notification_id", UUID.class), rs.getString("subject"),
                rs.getString("payload"), rs.getInt("attempts"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
