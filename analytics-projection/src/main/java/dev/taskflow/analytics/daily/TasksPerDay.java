package dev.taskflow.analytics.daily;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code tasks_per_day}, {@code task_completion} and {@code processed_event} tables. */
@Repository
public class TasksPerDay {

    /** The live tables; a rebuild writes shadow copies of them (see AnalyticsRebuildConfiguration). */
    static final String COUNTS = "tasks_per_day";
    static final String COMPLETIONS = "task_completion";
    static final String PROCESSED = "processed_event";

    private final JdbcTemplate jdbc;
    private final String counts;
    private final String completions;
    private final String processed;

    @Autowired
    TasksPerDay(JdbcTemplate jdbc) {
        this(jdbc, COUNTS, COMPLETIONS, PROCESSED);
    }

    private TasksPerDay(JdbcTemplate jdbc, String counts, String completions, String processed) {
        this.jdbc = jdbc;
        this.counts = counts;
        this.completions = completions;
        this.processed = processed;
    }

    /** The same figures written to other tables of the same columns: a rebuild's shadow tables. */
    TasksPerDay writingTo(String otherCounts, String otherCompletions, String otherProcessed) {
        return new TasksPerDay(jdbc, otherCounts, otherCompletions, otherProcessed);
    }

    /**
     * Counts one task for the organization's day, unless the event was counted before. Must run in the
     * processor's transaction: the event id and the increment commit (or roll back) together.
     *
     * @return whether the event was new
     */
    boolean countOnce(String eventId, String organizationId, LocalDate day) {
        if (!firstTime(eventId)) {
            return false;
        }
        add(organizationId, day, "created", 1);
        return true;
    }

    /**
     * Makes {@code completedAt} the task's counted completion, unless the event was seen before or a newer
     * completion or reopening ({@code sequence}) was applied already; an earlier counted completion of the
     * task is withdrawn from its day. A {@code null} sequence (a record without one) counts as newest.
     *
     * @return whether the figures changed
     */
    boolean complete(String eventId, String organizationId, String taskId, Long sequence, Instant createdAt,
                     Instant completedAt) {
        if (!firstTime(eventId) || !newer(taskId, sequence)) {
            return false;
        }
        LocalDate day = LocalDate.ofInstant(completedAt, ZoneOffset.UTC);
        jdbc.update("""
                insert into %s as c (task_id, organization_id, created_at, completed_at, completed_day, last_sequence)
                values (?, ?, ?, ?, ?, coalesce(?, -1))
                on conflict (task_id) do update set
                    created_at = excluded.created_at, completed_at = excluded.completed_at,
                    completed_day = excluded.completed_day,
                    last_sequence = greatest(c.last_sequence, coalesce(cast(? as bigint), c.last_sequence))"""
                        .formatted(completions),
                taskId, organizationId, createdAt == null ? null : Timestamp.from(createdAt), Timestamp.from(completedAt),
                Date.valueOf(day), sequence, sequence);
        add(organizationId, day, "completed", 1);
        return true;
    }

    /**
     * Withdraws the task's counted completion, unless the event was seen before or a newer completion or
     * reopening was applied already. Remembered even when its completion has not arrived yet, so that the
     * older completion, arriving later, is not counted.
     *
     * @return whether the figures changed
     */
    boolean reopen(String eventId, String organizationId, String taskId, Long sequence) {
        if (!firstTime(eventId) || !newer(taskId, sequence)) {
            return false;
        }
        jdbc.update("""
                insert into %s as c (task_id, organization_id, created_at, completed_at, completed_day, last_sequence)
                values (?, ?, null, null, null, coalesce(?, -1))
                on conflict (task_id) do update set
                    created_at = null, completed_at = null, completed_day = null,
                    last_sequence = greatest(c.last_sequence, coalesce(cast(? as bigint), c.last_sequence))"""
                        .formatted(completions),
                taskId, organizationId, sequence, sequence);
        return true;
    }

    /**
     * Whether an event of {@code sequence} is newer than the task's last completion or reopening; when it
     * is, the task's currently counted completion (if any) is withdrawn from its day, the caller replacing it.
     * Locks the task's row: the check and the change are one step.
     */
    private boolean newer(String taskId, Long sequence) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select organization_id, completed_day, last_sequence from " + completions + " where task_id = ? for update",
                taskId);
        if (rows.isEmpty()) {
            return true;
        }
        Map<String, Object> row = rows.get(0);
        if (sequence != null && sequence <= ((Number) row.get("last_sequence")).longValue()) {
            return false;
        }
        if (row.get("completed_day") instanceof Date counted) {
            add((String) row.get("organization_id"), counted.toLocalDate(), "completed", -1);
        }
        return true;
    }

    private boolean firstTime(String eventId) {
        return jdbc.update("insert into " + processed + " (event_id) values (?) on conflict (event_id) do nothing",
                eventId) == 1;
    }

    /**
     * Adds {@code delta} to one of the day's figures ({@code created} or {@code completed}, never user input).
     * A day back at zero loses its row, so the table is the same whatever order the events came in (a
     * withdrawn completion leaves nothing behind).
     */
    private void add(String organizationId, LocalDate day, String figure, int delta) {
        jdbc.update("""
                insert into %1$s as counts (organization_id, day, %2$s) values (?, ?, ?)
                on conflict (organization_id, day) do update set %2$s = counts.%2$s + excluded.%2$s"""
                        .formatted(counts, figure),
                organizationId, Date.valueOf(day), delta);
        if (delta < 0) {
            jdbc.update("delete from " + counts + " where organization_id = ? and day = ? and created = 0 and completed = 0",
                    organizationId, Date.valueOf(day));
        }
    }

    void clear() {
        jdbc.update("delete from " + counts);
        jdbc.update("delete from " + completions);
        jdbc.update("delete from " + processed);
    }

    /** Days of [from, to] with a task created or completed, oldest first; other days have no row. */
    public List<DailyCount> between(String organizationId, LocalDate from, LocalDate to) {
        return jdbc.query("""
                        select day, created, completed from %s
                        where organization_id = ? and day between ? and ? and (created > 0 or completed > 0)
                        order by day""".formatted(counts),
                (rs, i) -> new DailyCount(rs.getDate("day").toLocalDate(), rs.getLong("created"), rs.getLong("completed")),
                organizationId, Date.valueOf(from), Date.valueOf(to));
    }

    /**
     * Cycle time of the tasks whose counted completion is on a day of [from, to]. A completion before its
     * creation (clocks) counts as zero hours.
     */
    public CycleTime cycleTime(String organizationId, LocalDate from, LocalDate to) {
        return jdbc.queryForObject("""
                        with cycle as (
                            select cast(greatest(0, extract(epoch from (completed_at - created_at))) / 3600 as double precision) as hours
                            from %s
                            where organization_id = ? and completed_day between ? and ? and created_at is not null)
                        select count(*) as n,
                               round(cast(avg(hours) as numeric), 2) as average,
                               round(cast(percentile_cont(0.5) within group (order by hours) as numeric), 2) as median
                        from cycle""".formatted(completions),
                (rs, i) -> new CycleTime(from, to, rs.getLong("n"), rs.getBigDecimal("average"), rs.getBigDecimal("median")),
                organizationId, Date.valueOf(from), Date.valueOf(to));
    }
}
