package dev.taskflow.analytics.daily;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code tasks_per_day} and {@code processed_event} tables. */
@Repository
public class TasksPerDay {

    private final JdbcTemplate jdbc;

    TasksPerDay(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Counts one task for the organization's day, unless the event was counted before. Must run in the
     * processor's transaction: the event id and the increment commit (or roll back) together.
     *
     * @return whether the event was new
     */
    boolean countOnce(String eventId, String organizationId, LocalDate day) {
        int fresh = jdbc.update("insert into processed_event (event_id) values (?) on conflict (event_id) do nothing",
                eventId);
        if (fresh == 0) {
            return false;
        }
        jdbc.update("""
                insert into tasks_per_day (organization_id, day, created) values (?, ?, 1)
                on conflict (organization_id, day) do update set created = tasks_per_day.created + 1""",
                organizationId, Date.valueOf(day));
        return true;
    }

    void clear() {
        jdbc.update("delete from tasks_per_day");
        jdbc.update("delete from processed_event");
    }

    /** Days of [from, to] with at least one task, oldest first; days without tasks have no row. */
    public List<DailyCount> between(String organizationId, LocalDate from, LocalDate to) {
        return jdbc.query("""
                        select day, created from tasks_per_day
                        where organization_id = ? and day between ? and ? order by day""",
                (rs, i) -> new DailyCount(rs.getDate("day").toLocalDate(), rs.getLong("created")),
                organizationId, Date.valueOf(from), Date.valueOf(to));
    }
}
