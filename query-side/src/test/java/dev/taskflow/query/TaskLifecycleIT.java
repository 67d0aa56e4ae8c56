package dev.taskflow.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.Role;
import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.api.query.FindTaskQuery;
import dev.taskflow.api.query.FindTasksQuery;
import dev.taskflow.api.query.TaskPage;
import dev.taskflow.api.query.TaskView;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskArchivedEvent;
import dev.taskflow.api.workflow.TaskAssignedEvent;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.api.workflow.TaskEditedEvent;
import dev.taskflow.api.workflow.TaskReopenedEvent;
import dev.taskflow.api.workflow.TaskUnassignedEvent;
import dev.taskflow.query.SequencedEvents.Published;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The task lifecycle in the read model, against a real broker and a real PostgreSQL: events published with
 * their aggregate sequence as the command side publishes them, in order, out of order and twice; the
 * lists, "my tasks" and the counts per status over HTTP.
 */
class TaskLifecycleIT extends QueryIntegrationTest {

    private static final Instant T0 = Instant.parse("2026-05-01T09:00:00Z");

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    QueryGateway queryGateway;

    private SequencedEvents sequenced;

    @BeforeEach
    void publisher() {
        sequenced = new SequencedEvents(events);
    }

    @Test
    void aTaskShowsItsLifecycleFields() {
        String org = id();
        String viewer = id();
        String assignee = id();
        member(org, viewer, Role.VIEWER);
        String project = id();
        String task = id();
        sequenced.publish(new TaskCreatedEvent(org, project, task, "Write", viewer, T0, null), 0);
        sequenced.publish(new TaskEditedEvent(org, project, task, "Write the plan", "with dates", viewer, at(10)), 1);
        sequenced.publish(new TaskAssignedEvent(org, project, task, "Write the plan", assignee, null, viewer, at(20)), 2);

        JsonNode open = awaitTask(task, viewer, org, json -> {
            assertThat(json.get("assigneeId").asText()).isEqualTo(assignee);
            assertThat(json.get("title").asText()).isEqualTo("Write the plan");
        });
        assertThat(open.get("description").asText()).isEqualTo("with dates");
        assertThat(open.get("status").asText()).isEqualTo("OPEN");
        assertThat(Instant.parse(open.get("createdAt").asText())).isEqualTo(T0);
        assertThat(Instant.parse(open.get("updatedAt").asText())).isEqualTo(at(20));
        assertThat(open.get("completedAt").isNull()).isTrue();
        // the published shape is all there, the lifecycle fields added to it
        assertThat(open.fieldNames()).toIterable().containsExactlyInAnyOrder("taskId", "organizationId", "projectId",
                "title", "status", "createdBy", "createdAt", "description", "assigneeId", "updatedAt", "completedAt");

        sequenced.publish(new TaskCompletedEvent(org, project, task, "Write the plan", viewer, assignee, T0, assignee,
                at(30)), 3);
        JsonNode completed = awaitTask(task, viewer, org, json -> assertThat(json.get("status").asText()).isEqualTo("COMPLETED"));
        assertThat(Instant.parse(completed.get("completedAt").asText())).isEqualTo(at(30));
        assertThat(Instant.parse(completed.get("updatedAt").asText())).isEqualTo(at(30));

        sequenced.publish(new TaskReopenedEvent(org, project, task, viewer, at(40)), 4);
        sequenced.publish(new TaskUnassignedEvent(org, project, task, assignee, viewer, at(50)), 5);
        JsonNode reopened = awaitTask(task, viewer, org, json -> {
            assertThat(json.get("assigneeId").isNull()).isTrue();
            assertThat(json.get("status").asText()).isEqualTo("OPEN");
        });
        assertThat(reopened.get("completedAt").isNull()).isTrue();
        assertThat(Instant.parse(reopened.get("updatedAt").asText())).isEqualTo(at(50));

        // the published query keeps its answer
        Optional<TaskView> published = queryGateway.query(new FindTaskQuery(org, task),
                ResponseTypes.optionalInstanceOf(TaskView.class)).join();
        assertThat(published).get().extracting(TaskView::title, TaskView::status).containsExactly("Write the plan", "OPEN");
    }

    @Test
    void eventsArrivingOutOfOrderAndTwiceEndAsTheyWouldInOrder() {
        String org = id();
        String viewer = id();
        String first = id();
        String second = id();
        member(org, viewer, Role.VIEWER);
        String project = id();
        String task = id();
        List<Published> history = new ArrayList<>();
        List<OrganizationScoped> lifecycle = List.of(
                new TaskCreatedEvent(org, project, task, "Draft", viewer, T0, "first"),
                new TaskEditedEvent(org, project, task, "Plan", "second", viewer, at(1)),
                new TaskAssignedEvent(org, project, task, "Plan", first, null, viewer, at(2)),
                new TaskCompletedEvent(org, project, task, "Plan", viewer, first, T0, first, at(3)),
                new TaskReopenedEvent(org, project, task, viewer, at(4)),
                new TaskEditedEvent(org, project, task, "Final plan", "third", viewer, at(5)),
                new TaskUnassignedEvent(org, project, task, first, viewer, at(6)),
                new TaskAssignedEvent(org, project, task, "Final plan", second, null, viewer, at(7)),
                new TaskCompletedEvent(org, project, task, "Final plan", viewer, second, T0, second, at(8)),
                new TaskArchivedEvent(org, project, task, "COMPLETED", viewer, at(9)));
        // newest first, then the rest scrambled: every later event arrives before at least one earlier one
        for (int sequence : new int[] {9, 7, 1, 3, 0, 5, 8, 2, 4, 6}) {
            history.add(sequenced.publish(lifecycle.get(sequence), sequence));
        }

        awaitEarlierRecordsApplied(org, project);
        JsonNode task1 = awaitTask(task, viewer, org, json -> { });
        assertThat(task1.get("title").asText()).isEqualTo("Final plan");
        assertThat(task1.get("description").asText()).isEqualTo("third");
        assertThat(task1.get("assigneeId").asText()).isEqualTo(second);
        assertThat(task1.get("status").asText()).isEqualTo("ARCHIVED");
        assertThat(Instant.parse(task1.get("completedAt").asText())).isEqualTo(at(8));
        assertThat(Instant.parse(task1.get("updatedAt").asText())).isEqualTo(at(9));
        assertThat(Instant.parse(task1.get("createdAt").asText())).isEqualTo(T0);
        assertThat(task1.get("createdBy").asText()).isEqualTo(viewer);
        String row = row(task);
        String version = rowVersion(task);

        // every event again (same eventIds), oldest first this time: nothing is written
        List<Published> oldestFirst = new ArrayList<>(history);
        oldestFirst.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        sequenced.redeliver(oldestFirst);
        awaitEarlierRecordsApplied(org, project);
        assertThat(row(task)).isEqualTo(row);
        assertThat(rowVersion(task)).isEqualTo(version);
        assertThat(jdbc.queryForObject("select source_event_id from task_view where task_id = ?", String.class, task))
                .isEqualTo(oldestFirst.get(0).context().eventId());
    }

    @Test
    void changesBeforeTheTaskCreatedAreKeptAndHiddenUntilItComes() {
        String org = id();
        String viewer = id();
        String assignee = id();
        member(org, viewer, Role.VIEWER);
        String project = id();
        String task = id();
        events.publish(new ProjectCreatedEvent(org, project, "Launch", viewer, T0), viewer);
        sequenced.publish(new TaskAssignedEvent(org, project, task, "Original", assignee, null, viewer, at(5)), 1);
        sequenced.publish(new TaskEditedEvent(org, project, task, "Renamed", "new text", viewer, at(6)), 2);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(get("/workflow/projects/" + project + "/task-counts", viewer, org).getStatusCode().value())
                    .isEqualTo(200);
            // a placeholder row holds both changes
            assertThat(jdbc.queryForObject("select count(*) from task_view where task_id = ? and source_event_id is null "
                    + "and assignee_sequence = 1 and content_sequence = 2", Long.class, task)).isEqualTo(1);
        });

        // and no read shows it
        assertProblem(get("/workflow/tasks/" + task, viewer, org), 404);
        assertThat(get("/workflow/tasks?status=OPEN,COMPLETED,ARCHIVED", viewer, org).getBody().get("totalItems").asLong())
                .isZero();
        assertThat(get("/workflow/projects/" + project + "/task-counts", viewer, org).getBody().get("total").asLong())
                .isZero();
        assertThat(queryGateway.query(new FindTaskQuery(org, task), ResponseTypes.optionalInstanceOf(TaskView.class))
                .join()).isEmpty();

        sequenced.publish(new TaskCreatedEvent(org, project, task, "Original", viewer, T0, "old text"), 0);
        JsonNode created = awaitTask(task, viewer, org, json -> assertThat(json.get("createdBy").asText()).isEqualTo(viewer));
        // the edit is newer than the creation: its title and description stay
        assertThat(created.get("title").asText()).isEqualTo("Renamed");
        assertThat(created.get("description").asText()).isEqualTo("new text");
        assertThat(created.get("assigneeId").asText()).isEqualTo(assignee);
        assertThat(created.get("status").asText()).isEqualTo("OPEN");
        assertThat(Instant.parse(created.get("createdAt").asText())).isEqualTo(T0);
        assertThat(Instant.parse(created.get("updatedAt").asText())).isEqualTo(at(6));
        assertThat(get("/workflow/projects/" + project + "/task-counts", viewer, org).getBody().get("counts").get("OPEN")
                .asLong()).isEqualTo(1);
    }

    @Test
    void listsFilterByProjectAssigneeAndStatusAndSortAndPage() {
        String org = id();
        String viewer = id();
        String alice = id();
        String bob = id();
        member(org, viewer, Role.VIEWER);
        String p1 = id();
        String p2 = id();
        String t1 = created(org, p1, "alpha", 1);
        sequenced.publish(new TaskAssignedEvent(org, p1, t1, "alpha", alice, null, viewer, at(10)), 1);
        String t2 = created(org, p1, "bravo", 2);
        sequenced.publish(new TaskCompletedEvent(org, p1, t2, "bravo", viewer, null, at(2), viewer, at(20)), 1);
        String t3 = created(org, p2, "charlie", 3);
        sequenced.publish(new TaskAssignedEvent(org, p2, t3, "charlie", bob, null, viewer, at(5)), 1);
        sequenced.publish(new TaskArchivedEvent(org, p2, t3, "OPEN", viewer, at(30)), 2);
        String t4 = created(org, p2, "delta", 4);
        sequenced.publish(new TaskAssignedEvent(org, p2, t4, "delta", alice, null, viewer, at(6)), 1);
        sequenced.publish(new TaskCompletedEvent(org, p2, t4, "delta", viewer, alice, at(4), alice, at(7)), 2);
        String t5 = created(org, p1, "echo", 5);
        // another organization's task, assigned to alice too
        String foreign = id();
        sequenced.publish(new TaskCreatedEvent(id(), p1, foreign, "foreign", viewer, at(6), null), 0);

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode all = get("/workflow/tasks?status=OPEN,COMPLETED,ARCHIVED&sort=createdAt,asc", viewer, org).getBody();
            assertThat(summaries(all)).containsExactly(t1 + " OPEN " + alice, t2 + " COMPLETED null",
                    t3 + " ARCHIVED " + bob, t4 + " COMPLETED " + alice, t5 + " OPEN null");
        });

        // archived tasks are left out unless asked for
        JsonNode defaults = get("/workflow/tasks", viewer, org).getBody();
        assertThat(ids(defaults)).containsExactly(t5, t4, t2, t1);
        assertThat(defaults.get("totalItems").asLong()).isEqualTo(4);
        assertThat(ids(get("/workflow/tasks?status=ARCHIVED", viewer, org).getBody())).containsExactly(t3);
        assertThat(ids(get("/workflow/tasks?status=open,completed", viewer, org).getBody())).containsExactly(t5, t4, t2, t1);
        assertThat(ids(get("/workflow/tasks?status=OPEN&status=ARCHIVED", viewer, org).getBody())).containsExactly(t5, t3, t1);
        // filters combine
        assertThat(ids(get("/workflow/tasks?projectId=" + p1, viewer, org).getBody())).containsExactly(t5, t2, t1);
        assertThat(ids(get("/workflow/tasks?assigneeId=" + alice, viewer, org).getBody())).containsExactly(t4, t1);
        assertThat(ids(get("/workflow/tasks?assigneeId=" + alice + "&status=COMPLETED", viewer, org).getBody()))
                .containsExactly(t4);
        assertThat(ids(get("/workflow/tasks?assigneeId=" + bob, viewer, org).getBody())).isEmpty();
        assertThat(ids(get("/workflow/tasks?assigneeId=" + bob + "&status=ARCHIVED&projectId=" + p2, viewer, org)
                .getBody())).containsExactly(t3);
        // sorting
        assertThat(ids(get("/workflow/tasks?sort=title", viewer, org).getBody())).containsExactly(t1, t2, t4, t5);
        assertThat(ids(get("/workflow/tasks?sort=title,desc", viewer, org).getBody())).containsExactly(t5, t4, t2, t1);
        assertThat(ids(get("/workflow/tasks?sort=updatedAt", viewer, org).getBody())).containsExactly(t2, t1, t4, t5);
        assertThat(ids(get("/workflow/tasks?sort=updatedAt,ASC", viewer, org).getBody())).containsExactly(t5, t4, t1, t2);
        assertThat(ids(get("/workflow/tasks?sort=createdAt,asc", viewer, org).getBody())).containsExactly(t1, t2, t4, t5);
        // paging over the filtered, sorted list
        JsonNode second = get("/workflow/tasks?sort=title&size=3&page=1", viewer, org).getBody();
        assertThat(ids(second)).containsExactly(t5);
        assertThat(second.get("totalItems").asLong()).isEqualTo(4);
        assertThat(second.get("page").asInt()).isEqualTo(1);
        assertThat(second.get("size").asInt()).isEqualTo(3);

        JsonNode delta = defaults.get("items").get(1);
        assertThat(delta.get("assigneeId").asText()).isEqualTo(alice);
        assertThat(Instant.parse(delta.get("completedAt").asText())).isEqualTo(at(7));
        assertThat(Instant.parse(delta.get("updatedAt").asText())).isEqualTo(at(7));
        assertThat(delta.get("description").isNull()).isTrue();

        // the published list query: the default list, in the published shape
        TaskPage page = queryGateway.query(new FindTasksQuery(org, null, 0, 20), ResponseTypes.instanceOf(TaskPage.class))
                .join();
        assertThat(page.items()).extracting(TaskView::taskId).containsExactly(t5, t4, t2, t1);
        assertThat(page.totalItems()).isEqualTo(4);
    }

    @Test
    void myTasksAreThoseAssignedToTheCallerInTheActiveOrganization() {
        String org = id();
        String otherOrg = id();
        String alice = id();
        String bob = id();
        member(org, alice, Role.MEMBER);
        member(otherOrg, alice, Role.VIEWER);
        member(org, bob, Role.MEMBER);
        String project = id();
        String open = assigned(org, project, "open", 1, alice);
        String done = assigned(org, project, "done", 2, alice);
        sequenced.publish(new TaskCompletedEvent(org, project, done, "done", alice, alice, at(2), alice, at(12)), 2);
        String archived = assigned(org, project, "archived", 3, alice);
        sequenced.publish(new TaskArchivedEvent(org, project, archived, "OPEN", alice, at(13)), 2);
        String movedToBob = assigned(org, project, "moved", 4, alice);
        sequenced.publish(new TaskAssignedEvent(org, project, movedToBob, "moved", bob, alice, alice, at(14)), 2);
        String elsewhere = assigned(otherOrg, id(), "elsewhere", 5, alice);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(ids(get("/workflow/tasks/mine", bob, org).getBody())).containsExactly(movedToBob);
            assertThat(ids(get("/workflow/tasks/mine?status=ARCHIVED", alice, org).getBody())).containsExactly(archived);
            assertThat(ids(get("/workflow/tasks/mine?status=COMPLETED", alice, org).getBody())).containsExactly(done);
            assertThat(ids(get("/workflow/tasks/mine", alice, otherOrg).getBody())).containsExactly(elsewhere);
        });
        JsonNode mine = get("/workflow/tasks/mine", alice, org).getBody();
        assertThat(ids(mine)).containsExactly(done, open);
        assertThat(mine.get("totalItems").asLong()).isEqualTo(2);
        assertThat(ids(get("/workflow/tasks/mine?sort=title&size=1", alice, org).getBody())).containsExactly(done);
        assertThat(ids(get("/workflow/tasks/mine?projectId=" + id(), alice, org).getBody())).isEmpty();

        assertProblem(get("/workflow/tasks/mine", null, org), 401);
        assertProblem(get("/workflow/tasks/mine", id(), org), 403);
        assertThat(assertProblem(get("/workflow/tasks/mine?status=DONE", alice, org), 400).get("detail").asText())
                .contains("'status'");
    }

    @Test
    void countsTasksPerStatusOfAProjectOfTheActiveOrganizationOnly() {
        String org = id();
        String otherOrg = id();
        String viewer = id();
        String stranger = id();
        member(org, viewer, Role.VIEWER);
        member(otherOrg, stranger, Role.OWNER);
        String project = id();
        String empty = id();
        String foreignProject = id();
        events.publish(new ProjectCreatedEvent(org, project, "Counted", viewer, T0), viewer);
        events.publish(new ProjectCreatedEvent(org, empty, "Empty", viewer, T0), viewer);
        events.publish(new ProjectCreatedEvent(otherOrg, foreignProject, "Not yours", stranger, T0), stranger);
        created(org, project, "open 1", 1);
        created(org, project, "open 2", 2);
        String completed = created(org, project, "completed", 3);
        sequenced.publish(new TaskCompletedEvent(org, project, completed, "completed", viewer, null, at(3), viewer, at(9)), 1);
        String archived = created(org, project, "archived", 4);
        sequenced.publish(new TaskArchivedEvent(org, project, archived, "OPEN", viewer, at(9)), 1);
        created(org, empty + "-not", "another project", 5);
        created(otherOrg, foreignProject, "foreign", 6);

        await().atMost(PATIENCE).untilAsserted(() -> {
            ResponseEntity<JsonNode> counts = get("/workflow/projects/" + project + "/task-counts", viewer, org);
            assertThat(counts.getStatusCode().value()).isEqualTo(200);
            assertThat(counts.getBody().get("total").asLong()).isEqualTo(4);
            assertThat(counts.getBody().get("counts").get("ARCHIVED").asLong()).isEqualTo(1);
            assertThat(counts.getBody().get("counts").get("COMPLETED").asLong()).isEqualTo(1);
        });
        JsonNode counts = get("/workflow/projects/" + project + "/task-counts", viewer, org).getBody();
        assertThat(counts.get("projectId").asText()).isEqualTo(project);
        assertThat(counts.get("counts").get("OPEN").asLong()).isEqualTo(2);
        assertThat(counts.get("counts").fieldNames()).toIterable().containsExactly("OPEN", "COMPLETED", "ARCHIVED");

        JsonNode none = get("/workflow/projects/" + empty + "/task-counts", viewer, org).getBody();
        assertThat(none.get("total").asLong()).isZero();
        assertThat(none.get("counts").get("OPEN").asLong()).isZero();
        // a project known only through its tasks is counted too
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                get("/workflow/projects/" + empty + "-not/task-counts", viewer, org).getStatusCode().value()).isEqualTo(200));

        // another organization's project looks like an unknown one
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                get("/workflow/projects/" + foreignProject + "/task-counts", stranger, otherOrg).getStatusCode().value())
                .isEqualTo(200));
        assertProblem(get("/workflow/projects/" + foreignProject + "/task-counts", viewer, org), 404);
        assertProblem(get("/workflow/projects/" + id() + "/task-counts", viewer, org), 404);
        assertProblem(get("/workflow/projects/" + project + "/task-counts", stranger, org), 403);
        assertProblem(get("/workflow/projects/" + project + "/task-counts", viewer, null), 400);
    }

    @Test
    void rejectsInvalidStatusAndSortNamingTheParameter() {
        String org = id();
        String viewer = id();
        member(org, viewer, Role.VIEWER);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(get("/workflow/tasks", viewer, org).getStatusCode().value()).isEqualTo(200));

        for (String query : List.of("status=DONE", "status=OPEN,closed")) {
            assertThat(assertProblem(get("/workflow/tasks?" + query, viewer, org), 400).get("detail").asText())
                    .as(query).contains("'status'");
        }
        for (String query : List.of("sort=priority", "sort=title,up", "sort=title,asc,again", "sort=,asc",
                "sort=created_at")) {
            assertThat(assertProblem(get("/workflow/tasks?" + query, viewer, org), 400).get("detail").asText())
                    .as(query).contains("'sort'");
        }
        assertThat(assertProblem(get("/workflow/tasks/mine?size=0", viewer, org), 400).get("detail").asText())
                .contains("'size'");
        assertThat(get("/workflow/tasks?status=&sort=", viewer, org).getStatusCode().value()).isEqualTo(200);

        JsonNode api = http.getForObject("/v3/api-docs", JsonNode.class);
        assertThat(api.get("paths").fieldNames()).toIterable()
                .contains("/workflow/tasks/mine", "/workflow/projects/{projectId}/task-counts");
    }

    private String created(String org, String project, String title, int minute) {
        String task = id();
        sequenced.publish(new TaskCreatedEvent(org, project, task, title, "creator", at(minute), null), 0);
        return task;
    }

    private String assigned(String org, String project, String title, int minute, String assignee) {
        String task = created(org, project, title, minute);
        sequenced.publish(new TaskAssignedEvent(org, project, task, title, assignee, null, "creator", at(minute + 10)), 1);
        return task;
    }

    private JsonNode awaitTask(String taskId, String user, String org,
                               Consumer<JsonNode> condition) {
        return await().atMost(PATIENCE).until(() -> get("/workflow/tasks/" + taskId, user, org), response -> {
            if (response.getStatusCode().value() != 200) {
                return false;
            }
            try {
                condition.accept(response.getBody());
                return true;
            } catch (AssertionError notYet) {
                return false;
            }
        }).getBody();
    }

    /**
     * Waits until every record published so far for {@code org} on the task topics was applied. Records of
     * one partition are applied in offset order, and one organization's records share a partition number: a
     * fresh task per topic, each with one event published now, shows up only after everything before it on
     * its topic. (The processor's Kafka position is no proof: it is attached to records in fetch order and
     * may claim records of other topics that still wait in the fetch buffer.)
     */
    private void awaitEarlierRecordsApplied(String org, String project) {
        List<String> sentinels = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sentinels.add(id());
        }
        sequenced.publish(new TaskCreatedEvent(org, project, sentinels.get(0), "sentinel", "s", T0, null), 0);
        sequenced.publish(new TaskEditedEvent(org, project, sentinels.get(1), "sentinel", null, "s", T0), 1);
        sequenced.publish(new TaskAssignedEvent(org, project, sentinels.get(2), "sentinel", "s", null, "s", T0), 1);
        sequenced.publish(new TaskUnassignedEvent(org, project, sentinels.get(3), "s", "s", T0), 1);
        sequenced.publish(new TaskCompletedEvent(org, project, sentinels.get(4), "sentinel", "s", null, T0, "s", T0), 1);
        sequenced.publish(new TaskReopenedEvent(org, project, sentinels.get(5), "s", T0), 1);
        sequenced.publish(new TaskArchivedEvent(org, project, sentinels.get(6), "OPEN", "s", T0), 1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from task_view where task_id in (?, ?, ?, ?, ?, ?, ?)", Long.class, sentinels.toArray()))
                .isEqualTo(7));
    }

    /** Every column of the task's row. */
    private String row(String taskId) {
        return jdbc.queryForObject("select t::text from task_view t where task_id = ?", String.class, taskId);
    }

    /** The transaction that last wrote the row: a write that changes nothing still makes a new version. */
    private String rowVersion(String taskId) {
        return jdbc.queryForObject("select xmin::text from task_view where task_id = ?", String.class, taskId);
    }

    private void member(String org, String user, Role role) {
        events.publish(new MemberAddedEvent(org, user, role, "test", Instant.now()), "test");
    }

    private ResponseEntity<JsonNode> get(String path, String user, String org) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        if (user != null) {
            headers.set("X-User-Id", user);
        }
        if (org != null) {
            headers.set("X-Organization-Id", org);
        }
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    private static JsonNode assertProblem(ResponseEntity<JsonNode> response, int status) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody().get("correlationId").asText()).isNotBlank();
        return response.getBody();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("taskId").asText()));
        return ids;
    }

    /** "taskId status assigneeId" of each item. */
    private static List<String> summaries(JsonNode page) {
        List<String> summaries = new ArrayList<>();
        page.get("items").forEach(item -> summaries.add(item.get("taskId").asText() + " " + item.get("status").asText()
                + " " + item.get("assigneeId").asText()));
        return summaries;
    }

    private static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
