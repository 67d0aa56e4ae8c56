package dev.taskflow.query.projection;

import dev.taskflow.api.query.TaskView;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.query.api.ProjectView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * SQL over the {@code task_view} and {@code project_view} tables. Rows never leave this package:
 * readers get the published {@link TaskView} and the local {@link ProjectView} records.
 */
@Repository
class WorkflowViewStore {

    /** Status of a task that was just created; later workflow events will move it on. */
    static final String INITIAL_STATUS = "OPEN";

    private static final String TASK_COLUMNS =
            "task_id, organization_id, project_id, title, status, created_by, created_at";

    /** The live tables; a rebuild writes shadow copies of them (see QueryRebuildConfiguration). */
    static final String TASKS = "task_view";
    static final String PROJECTS = "project_view";

    private final JdbcTemplate jdbc;
    private final String tasks;
    private final String projects;

    @Autowired
    WorkflowViewStore(JdbcTemplate jdbc) {
        this(jdbc, TASKS, PROJECTS);
    }

    private WorkflowViewStore(JdbcTemplate jdbc, String tasks, String projects) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.projects = projects;
    }

    /** The same views written to other tables of the same columns: a rebuild's shadow tables. */
    WorkflowViewStore writingTo(String otherTasks, String otherProjects) {
        return new WorkflowViewStore(jdbc, otherTasks, otherProjects);
    }

    boolean insertTask(TaskCreatedEvent event, Instant createdAt, String eventId) {
        return jdbc.update("""
                insert into %s (task_id, organization_id, project_id, title, description, status,
                                       created_by, created_at, source_event_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (task_id) do nothing""".formatted(tasks),
                event.taskId(), event.organizationId(), event.projectId(), event.title(), event.description(),
                INITIAL_STATUS, event.createdBy(), Timestamp.from(createdAt), eventId) == 1;
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

    Optional<TaskView> findTask(String organizationId, String taskId) {
        return jdbc.query("select " + TASK_COLUMNS + " from " + tasks + " where organization_id = ? and task_id = ?",
                WorkflowViewStore::task, organizationId, taskId).stream().findFirst();
    }

    List<TaskView> findTasks(String organizationId, String projectId, long offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = tasksWhere(organizationId, projectId, args);
        args.add(limit);
        args.add(offset);
        return jdbc.query("select " + TASK_COLUMNS + " from " + tasks + where
                        + " order by created_at desc, task_id desc limit ? offset ?",
                WorkflowViewStore::task, args.toArray());
    }

    long countTasks(String organizationId, String projectId) {
        List<Object> args = new ArrayList<>();
        String where = tasksWhere(organizationId, projectId, args);
        Long count = jdbc.queryForObject("select count(*) from " + tasks + where, Long.class, args.toArray());
        return count == null ? 0 : count;
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

    private static String tasksWhere(String organizationId, String projectId, List<Object> args) {
        args.add(organizationId);
        if (projectId == null) {
            return " where organization_id = ?";
        }
        args.add(projectId);
        return " where organization_id = ? and project_id = ?";
    }

    private static TaskView task(ResultSet rs, int row) throws SQLException {
        return new TaskView(rs.getString("task_id"), rs.getString("organization_id"), rs.getString("project_id"),
                rs.getString("title"), rs.getString("status"), rs.getString("created_by"), instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
