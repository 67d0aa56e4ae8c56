package dev.taskflow.audit.trail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskflow.support.persistence.DeferredStatements;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code audit_record} table: append and read, nothing else (the database refuses the rest).
 * Reads are always scoped to one organization and ordered oldest first.
 */
@Repository
public class AuditTrail {

    /** Most records one read returns; a single entity or correlation id never comes near it in practice. */
    public static final int MAX_RECORDS = 1_000;

    private static final String COLUMNS = """
            event_id, event_type, event_version, source, correlation_id, trace_id, user_id, organization_id,
            entity_type, entity_id, summary, occurred_at, recorded_at, data::text as data""";

    /** The live table; a rebuild writes a shadow copy of it (see AuditRebuildConfiguration). */
    static final String TABLE = "audit_record";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final String table;
    private final DeferredStatements deferred;

    @Autowired
    AuditTrail(JdbcTemplate jdbc, ObjectMapper json) {
        this(jdbc, json, TABLE);
    }

    private AuditTrail(JdbcTemplate jdbc, ObjectMapper json, String table) {
        this.jdbc = jdbc;
        this.json = json;
        this.table = table;
        this.deferred = new DeferredStatements(jdbc);
    }

    /** The same trail written to another table of the same columns: a rebuild's shadow table. */
    AuditTrail writingTo(String otherTable) {
        return new AuditTrail(jdbc, json, otherTable);
    }

    /** Appends the entry; false when a record of that eventId exists already (nothing is changed then). */
    boolean append(AuditEntry entry) {
        return jdbc.update(insert(), values(entry)) == 1;
    }

    /**
     * Appends the entry with the other entries of the processor's batch, as one JDBC batch when the batch
     * commits (a rebuild's many events); a record of that eventId already there is left as it is.
     */
    void appendWithBatch(AuditEntry entry) {
        deferred.add(insert(), values(entry));
    }

    private String insert() {
        return """
                insert into %s (event_id, event_type, event_version, source, correlation_id, trace_id, user_id,
                                organization_id, entity_type, entity_id, summary, data, occurred_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                on conflict (event_id) do nothing""".formatted(table);
    }

    private static Object[] values(AuditEntry entry) {
        return new Object[] {entry.eventId(), entry.eventType(), entry.eventVersion(), entry.source(),
                entry.correlationId(), entry.traceId(), entry.userId(), entry.organizationId(),
                entry.subject().entityType(), entry.subject().entityId(), entry.subject().summary(), entry.dataJson(),
                Timestamp.from(entry.occurredAt())};
    }

    public List<AuditRecord> byEntity(String organizationId, String entityId) {
        return jdbc.query("select " + COLUMNS + " from " + table + " where organization_id = ? and entity_id = ?"
                + " order by occurred_at, id limit " + MAX_RECORDS, this::record, organizationId, entityId);
    }

    public List<AuditRecord> byCorrelation(String organizationId, String correlationId) {
        return jdbc.query("select " + COLUMNS + " from " + table + " where organization_id = ? and correlation_id = ?"
                + " order by occurred_at, id limit " + MAX_RECORDS, this::record, organizationId, correlationId);
    }

    private AuditRecord record(ResultSet rs, int row) throws SQLException {
        return new AuditRecord(rs.getString("event_id"), rs.getString("event_type"), rs.getString("event_version"),
                rs.getString("source"), rs.getString("correlation_id"), rs.getString("trace_id"),
                rs.getString("user_id"), rs.getString("organization_id"), rs.getString("entity_type"),
                rs.getString("entity_id"), rs.getString("summary"), rs.getTimestamp("occurred_at").toInstant(),
                rs.getTimestamp("recorded_at").toInstant(), data(rs.getString("data")));
    }

    private JsonNode data(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit_record.data is not JSON", e);
        }
    }
}
