package dev.taskflow.query.projection;

import dev.taskflow.api.query.TaskView;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.api.workflow.TaskStatus;
import dev.taskflow.query.api.ProjectTaskCounts;
import dev.taskflow.query.api.ProjectView;
import dev.taskflow.query.api.TaskDetails;
import dev.taskflow.query.api.TaskSort;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * SQL over the {@code task_view} and {@code project_view} tables. Rows never leave this package:
 * readers get the published {@link TaskView}, the local {@link TaskDetails} and {@link ProjectView} records.
 * <p>
 * The events of a task arrive in any order (one topic per event type). Each group of columns an event
 * kind sets keeps the aggregate sequence of the event that set it last ({@code *_sequence}), and a change
 * is applied only where it is newer; a later event that comes before TaskCreated leaves a placeholder row
 * that reads skip ({@link #CREATED}) until TaskCreated fills it in. See V2__task_lifecycle.sql.
 */
@Repository
class WorkflowViewStore {

    /** Status of a task that was just created; later workflow events will move it on. */
    static final String INITIAL_STATUS = TaskStatus.OPEN.name();

    /** The live tables; a rebuild writes shadow copies of them (see QueryRebuildConfiguration). */
    static final String TASKS = "task_view";
    static final String PROJECTS = "project_view";

    /** Placeholder rows (later events seen before TaskCreated) have no creating event yet: never shown. */
    private static final String CREATED = "source_event_id is not null";

    private static final String TASK_COLUMNS = "task_id, organization_id, project_id, title, description, status, "
            + "assignee_id, created_by, created_at, updated_at, completed_at";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final String tasks;
    private final String projects;

    @Autowired
    WorkflowViewStore(JdbcTemplate jdbc) {
        this(jdbc, TASKS, PROJECTS);
    }

    private WorkflowViewStore(JdbcTemplate jdbc, String tasks, String projects) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.tasks = tasks;
        this.projects = projects;
    }

    /** The same views written to other tables of the same columns: a rebuild's shadow tables. */
    WorkflowViewStore writingTo(String otherTasks, String otherProjects) {
        return new WorkflowViewStore(jdbc, otherTasks, otherProjects);
    }

    /**
     * Creates the task's row, or completes its placeholder: the creation fields always, title, description
     * and status only where no newer event set them. A second TaskCreated of the task changes nothing.
     *
     * @return whether the row was created or completed
     */
    boolean createTask(TaskCreatedEvent event, long sequence, Instant createdAt, String eventId) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("taskId", event.taskId())
                .addValue("organizationId", event.organizationId())
                .addValue("projectId", event.projectId())
                .addValue("title", event.title())
                .addValue("description", event.description())
                .addValue("status", INITIAL_STATUS)
                .addValue("createdBy", event.createdBy())
                .addValue("createdAt", Timestamp.from(createdAt), Types.TIMESTAMP)
                .addValue("eventId", eventId)
                .addValue("seq", sequence, Types.BIGINT);
        return named.update("""
                insert into %s as t (task_id, organization_id, project_id, title, description, status, created_by,
                                     created_at, source_event_id, updated_at, content_sequence, status_sequence,
                                     last_sequence)
                values (:taskId, :organizationId, :projectId, :title, :description, :status, :createdBy,
                        :createdAt, :eventId, :createdAt, :seq, :seq, :seq)
                on conflict (task_id) do update set
                    created_by = excluded.created_by,
                    created_at = excluded.created_at,
                    source_event_id = excluded.source_event_id,
                    title = case when excluded.content_sequence > t.content_sequence then excluded.title else t.title end,
                    description = case when excluded.content_sequence > t.content_sequence
                                       then excluded.description else t.description end,
                    content_sequence = greatest(t.content_sequence, excluded.content_sequence),
                    status = case when excluded.status_sequence > t.status_sequence then excluded.status else t.status end,
                    status_sequence = greatest(t.status_sequence, excluded.status_sequence),
                    updated_at = case when excluded.last_sequence > t.last_sequence
                                      then excluded.updated_at else t.updated_at end,
                    last_sequence = greatest(t.last_sequence, excluded.last_sequence)
                where t.source_event_id is null and t.organization_id = excluded.organization_id""".formatted(tasks),
                params) == 1;
    }

    /**
     * Applies a later event of a task: sets the columns of each of {@code changes} whose recorded sequence
     * is older than {@code sequence}, and {@code updated_at} if the event is the task's newest. Without a row
     * yet (TaskCreated still to come) it makes the placeholder. A {@code null} sequence (a record without
     * the header) is applied as it comes, without moving any recorded sequence.
     *
     * @return whether anything was written
     */
    boolean changeTask(String organizationId, String projectId, String taskId, Long sequence, Instant at,
                       List<ColumnChange> changes) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("taskId", taskId)
                .addValue("organizationId", organizationId)
                .addValue("projectId", projectId)
                .addValue("status", INITIAL_STATUS)
                .addValue("at", at == null ? null : Timestamp.from(at), Types.TIMESTAMP)
                .addValue("seq", sequence, Types.BIGINT);
        StringJoiner columns = new StringJoiner(", ", "task_id, organization_id, project_id, updated_at, last_sequence, ", "");
        StringJoiner values = new StringJoiner(", ", ":taskId, :organizationId, :projectId, :at, coalesce(:seq, -1), ", "");
        StringJoiner updates = new StringJoiner(",\n    ");
        StringJoiner anyNewer = new StringJoiner(" or ");
        boolean setsStatus = false;
        for (ColumnChange change : changes) {
            String newer = newer(change.sequenceColumn());
            anyNewer.add(newer);
            for (Map.Entry<String, SqlParameterValue> value : change.values().entrySet()) {
                String column = value.getKey();
                setsStatus |= column.equals("status");
                params.addValue("v_" + column, value.getValue().getValue(), value.getValue().getSqlType());
                columns.add(column);
                values.add(":v_" + column);
                updates.add("%1$s = case when %2$s then excluded.%1$s else t.%1$s end".formatted(column, newer));
            }
            columns.add(change.sequenceColumn());
            values.add("coalesce(:seq, -1)");
            updates.add("%1$s = greatest(t.%1$s, coalesce(cast(:seq as bigint), t.%1$s))".formatted(change.sequenceColumn()));
        }
        if (!setsStatus) {
            columns.add("status");
            values.add(":status");
        }
        updates.add("updated_at = case when %s then excluded.updated_at else t.updated_at end".formatted(newer("last_sequence")));
        updates.add("last_sequence = greatest(t.last_sequence, coalesce(cast(:seq as bigint), t.last_sequence))");
        anyNewer.add(newer("last_sequence"));
        String sql = """
                insert into %s as t (%s)
                values (%s)
                on conflict (task_id) do update set
                    %s
                where t.organization_id = excluded.organization_id and (%s)"""
                .formatted(tasks, columns, values, updates, anyNewer);
        return named.update(sql, params) == 1;
    }

    /** Whether the event is newer than the one that last set the columns guarded by {@code sequenceColumn}. */
    private static String newer(String sequenceColumn) {
        return "(cast(:seq as bigint) is null or cast(:seq as bigint) > t.%s)".formatted(sequenceColumn);
    }

    boolean insertProject(ProjectCreatedEvent event, Instant createdAt, String eventId) {
        return jdbc.update("""
                insert into %s (project_id, organization_id, name, created_by, created_at, source_event_id)
                values (?, ?, ?, ?, ?, ?)
                on conflict (project_id) do nothing""".formatted(projects),
                event.projectId(), event.organizationId(), event.name(), event.createdBy(),
                Timestamp.from(createdAt), eventId) == 1;
    }

    void clear() {
        jdbc.update("delete from " + tasks);
        jdbc.update("delete from " + projects);
    }

    Optional<TaskDetails> findTask(String organizationId, String taskId) {
        return jdbc.query("select " + TASK_COLUMNS + " from " + tasks + " where organization_id = ? and task_id = ? and "
                + CREATED, WorkflowViewStore::task, organizationId, taskId).stream().findFirst();
    }

    List<TaskDetails> findTasks(TaskCriteria criteria, TaskSort sort, long offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = criteria.where(args);
        args.add(limit);
        args.add(offset);
        return jdbc.query("select " + TASK_COLUMNS + " from " + tasks + where + orderBy(sort) + " limit ? offset ?",
                WorkflowViewStore::task, args.toArray());
    }

    long countTasks(TaskCriteria criteria) {
        List<Object> args = new ArrayList<>();
        String where = criteria.where(args);
        Long count = jdbc.queryForObject("select count(*) from " + tasks + where, Long.class, args.toArray());
        return count == null ? 0 : count;
    }

    /**
     * Tasks per status of a project; empty when the organization knows no such project (neither its
     * ProjectCreated nor any of its tasks arrived).
     */
    Optional<ProjectTaskCounts> countByStatus(String organizationId, String projectId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (TaskStatus status : TaskStatus.values()) {
            counts.put(status.name(), 0L);
        }
        jdbc.query("select status, count(*) as n from " + tasks + " where organization_id = ? and project_id = ? and "
                        + CREATED + " group by status",
                rs -> {
                    counts.merge(rs.getString("status"), rs.getLong("n"), Long::sum);
                }, organizationId, projectId);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0 && !projectExists(organizationId, projectId)) {
            return Optional.empty();
        }
        return Optional.of(new ProjectTaskCounts(projectId, counts, total));
    }

    private boolean projectExists(String organizationId, String projectId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from " + projects
                + " where organization_id = ? and project_id = ?)", Boolean.class, organizationId, projectId));
    }

    List<ProjectView> findProjects(String organizationId, long offset, int limit) {
        return jdbc.query("""
                        select project_id, organization_id, name, created_by, created_at from %s
                        where organization_id = ? order by created_at desc, project_id desc limit ? offset ?"""
                        .formatted(projects),
                (rs, i) -> new ProjectView(rs.getString("project_id"), rs.getString("organization_id"),
                        rs.getString("name"), rs.getString("created_by"), instant(rs, "created_at")),
                organizationId, limit, offset);
    }

    long countProjects(String organizationId) {
        Long count = jdbc.queryForObject("select count(*) from " + projects + " where organization_id = ?", Long.class,
                organizationId);
        return count == null ? 0 : count;
    }

    /** The sort column comes from an enum, never from the request's text. */
    private static String orderBy(TaskSort sort) {
        String direction = sort.ascending() ? "asc" : "desc";
        String column = switch (sort.field()) {
            case CREATED_AT -> "created_at";
            case UPDATED_AT -> "updated_at";
            case TITLE -> "title";
        };
        return " order by " + column + " " + direction + " nulls last, task_id " + direction;
    }

    private static TaskDetails task(ResultSet rs, int row) throws SQLException {
        return new TaskDetails(rs.getString("task_id"), rs.getString("organization_id"), rs.getString("project_id"),
                rs.getString("title"), rs.getString("status"), rs.getString("created_by"), instant(rs, "created_at"),
                rs.getString("description"), rs.getString("assignee_id"), instant(rs, "updated_at"),
                instant(rs, "completed_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** Columns one kind of event sets, guarded by the column that keeps the sequence of their last writer. */
    record ColumnChange(String sequenceColumn, Map<String, SqlParameterValue> values) {

        static ColumnChange guardedBy(String sequenceColumn) {
            return new ColumnChange(sequenceColumn, new LinkedHashMap<>());
        }

        /** Sets a text column; {@code null} clears it. */
        ColumnChange text(String column, String value) {
            values.put(column, new SqlParameterValue(Types.VARCHAR, value));
            return this;
        }

        /** Sets a timestamp column; {@code null} clears it. */
        ColumnChange time(String column, Instant value) {
            values.put(column, new SqlParameterValue(Types.TIMESTAMP, value == null ? null : Timestamp.from(value)));
            return this;
        }
    }

    /** Which tasks of an organization a list shows; placeholders never. */
    record TaskCriteria(String organizationId, String projectId, String assigneeId, Set<TaskStatus> statuses) {

        String where(List<Object> args) {
            StringBuilder where = new StringBuilder(" where organization_id = ? and ").append(CREATED);
            args.add(organizationId);
            if (projectId != null) {
                where.append(" and project_id = ?");
                args.add(projectId);
            }
            if (assigneeId != null) {
                where.append(" and assignee_id = ?");
                args.add(assigneeId);
            }
            if (statuses != null && statuses.size() < TaskStatus.values().length) {
                StringJoiner in = new StringJoiner(", ", " and status in (", ")");
                statuses.stream().sorted().forEach(status -> {
                    in.add("?");
                    args.add(status.name());
                });
                where.append(in);
            }
            return where.toString();
        }
    }
}
