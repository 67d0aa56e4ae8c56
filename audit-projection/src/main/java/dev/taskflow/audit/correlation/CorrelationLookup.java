package dev.taskflow.audit.correlation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The audit records of one correlation id in every organization, for platform operators following a
 * request through the platform. Kept apart from the trail's organization-scoped reads: nothing a member of
 * an organization can reach goes through here.
 */
@Repository
public class CorrelationLookup {

    /** A request causes a handful of events; far more means a client reusing its correlation id. */
    public static final int MAX_RECORDS = 200;

    /** Always the live table: a rebuild's shadow copy takes this name when it is swapped in. */
    private static final String TABLE = "audit_record";

    private final JdbcTemplate jdbc;

    CorrelationLookup(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An event as the audit trail recorded it; the event's own data stays out (it is the organization's). */
    public record CorrelatedRecord(String eventId, String eventType, String source, String organizationId,
                                   String entityType, String entityId, String summary, String traceId,
                                   Instant occurredAt, Instant recordedAt) {
    }

    /** @param truncated whether there were more than {@link #MAX_RECORDS}; the oldest are kept */
    public record Correlated(List<CorrelatedRecord> records, boolean truncated) {
    }

    public Correlated find(String correlationId) {
        List<CorrelatedRecord> records = jdbc.query("""
                select event_id, event_type, source, organization_id, entity_type, entity_id, summary, trace_id,
                       occurred_at, recorded_at
                from %s where correlation_id = ? order by occurred_at, id limit ?""".formatted(TABLE),
                CorrelationLookup::record, correlationId, MAX_RECORDS + 1);
        boolean truncated = records.size() > MAX_RECORDS;
        return new Correlated(truncated ? records.subList(0, MAX_RECORDS) : records, truncated);
    }

    private static CorrelatedRecord record(ResultSet rs, int row) throws SQLException {
        return new CorrelatedRecord(rs.getString("event_id"), rs.getString("event_type"), rs.getString("source"),
                rs.getString("organization_id"), rs.getString("entity_type"), rs.getString("entity_id"),
                rs.getString("summary"), rs.getString("trace_id"), rs.getTimestamp("occurred_at").toInstant(),
                rs.getTimestamp("recorded_at").toInstant());
    }
}
