package dev.taskflow.analytics.daily;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code tasks_per_day} and {@code processed_event} tables. */
@Repository
public class TasksPerDay {

    /** The live tables; a rebuild writes shadow copies of them (see AnalyticsRebuildConfiguration). */
    static final String COUNTS = "tasks_per_day";
    static final String PROCESSED = "processed_event";

    private final JdbcTemplate jdbc;
    private final String counts;
    private final String processed;

    @Autowired
    TasksPerDay(JdbcTemplate jdbc) {
        this(jdbc, COUNTS, PROCESSED);
    }

    private TasksPerDay(JdbcTemplate jdbc, String counts, String processed) {
        this.jdbc = jdbc;
        this.counts = counts;
        this.processed = processed;
    }

    /** The same counts written to other tables of the same columns: a rebuild's shadow tables. */
    TasksPerDay writingTo(String otherCounts, String otherProcessed) {
        return new TasksPerDay(jdbc, otherCounts, otherProcessed);
    }

    /**
     * Counts one task for the organization's day, unless the event was counted before. Must run in the
     * processor's transaction: the event id and the increment commit (or roll back) together.
     *
     * @return whether the event was new
     */
    boolean countOnce(String eventId, String organizationId, LocalDate day) {
        int fresh = jdbc.update("insert into " + processed + " (event_id) values (?) on conflict (event_id) do nothing",
                eventId);
        if (fresh == 0) {
            return false;
        }
        jdbc.update("""
                insert into %1$s as counts (organization_id, day, created) values (?, ?, 1)
                on conflict (organization_id, day) do update set created = counts.created + 1""".formatted(counts),
                organizationId, Date.valueOf(day));
        return true;
    }

    void clear() {
        jdbc.update("delete from " + counts);
        jdbc.update("delete from " + processed);
    }

    /** Days of [from, to] with at least one task, oldest first; days without tasks have no row. */
    public List<DailyCount> between(String organizationId, LocalDate from, LocalDate to) {
        return jdbc.query("""
                        select day, created from %s
                        where organization_id = ? and day between ? and ? order by day""".formatted(counts),
                (rs, i) -> new DailyCount(rs.getDate("day").toLocalDate(), rs.getLong("created")),
                organizationId, Date.valueOf(from), Date.valueOf(to));
    }
}
