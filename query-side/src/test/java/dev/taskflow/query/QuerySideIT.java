package dev.taskflow.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.Role;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.api.query.FindTaskQuery;
import dev.taskflow.api.query.FindTasksQuery;
import dev.taskflow.api.query.TaskPage;
import dev.taskflow.api.query.TaskView;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The whole read side against a real broker and a real PostgreSQL: records in, HTTP out. */
class QuerySideIT extends QueryIntegrationTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    QueryGateway queryGateway;

    @Test
    void aCreatedTaskIsServedToMembersOfItsOrganizationOnly() {
        String org = id();
        String otherOrg = id();
        String viewer = id();
        String otherUser = id();
        String stranger = id();
        member(org, viewer, Role.VIEWER);
        member(otherOrg, viewer, Role.VIEWER);
        member(otherOrg, otherUser, Role.OWNER);
        String projectId = id();
        String taskId = id();
        Instant createdAt = Instant.parse("2026-03-01T10:15:30Z");
        events.publish(new ProjectCreatedEvent(org, projectId, "Launch", viewer, createdAt), viewer);
        events.publish(new TaskCreatedEvent(org, projectId, taskId, "Write the plan", viewer, createdAt, "details"), viewer);

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(get("/workflow/tasks/" + taskId, viewer, org).getStatusCode().value()).isEqualTo(200));
        ResponseEntity<JsonNode> found = get("/workflow/tasks/" + taskId, viewer, org);
        JsonNode task = found.getBody();
        assertThat(task.get("taskId").asText()).isEqualTo(taskId);
        assertThat(task.get("organizationId").asText()).isEqualTo(org);
        assertThat(task.get("projectId").asText()).isEqualTo(projectId);
        assertThat(task.get("title").asText()).isEqualTo("Write the plan");
        assertThat(task.get("status").asText()).isEqualTo("OPEN");
        assertThat(task.get("createdBy").asText()).isEqualTo(viewer);
        assertThat(Instant.parse(task.get("createdAt").asText())).isEqualTo(createdAt);
        assertThat(found.getHeaders().getFirst("X-Correlation-ID")).isNotBlank();

        // the same user with another organization active, and a member of that other organization: 404
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(get("/workflow/tasks", otherUser, otherOrg).getStatusCode().value()).isEqualTo(200));
        assertProblem(get("/workflow/tasks/" + taskId, viewer, otherOrg), 404);
        assertProblem(get("/workflow/tasks/" + taskId, otherUser, otherOrg), 404);
        // an unknown task looks the same as a foreign one
        assertProblem(get("/workflow/tasks/" + id(), viewer, org), 404);
        // not a member of the organization in the header: 403, whether or not the task exists there
        assertProblem(get("/workflow/tasks/" + taskId, stranger, org), 403);
        assertProblem(get("/workflow/tasks/" + taskId, otherUser, org), 403);
        // no organization header: 400; no user: 401
        assertProblem(get("/workflow/tasks/" + taskId, viewer, null), 400);
        assertProblem(get("/workflow/tasks/" + taskId, null, org), 401);

        // projects are listed too
        JsonNode projects = get("/workflow/projects", viewer, org).getBody();
        assertThat(projects.get("totalItems").asLong()).isEqualTo(1);
        assertThat(projects.get("items").get(0).get("projectId").asText()).isEqualTo(projectId);
        assertThat(projects.get("items").get(0).get("name").asText()).isEqualTo("Launch");
    }

    @Test
    void queryHandlersAnswerThroughTheQueryGateway() {
        String org = id();
        String taskId = id();
        String user = id();
        events.publish(new TaskCreatedEvent(org, id(), taskId, "Via gateway", user, Instant.now(), null), user);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(findTask(org, taskId)).isPresent());
        assertThat(findTask(org, taskId).get().status()).isEqualTo("OPEN");
        assertThat(findTask(id(), taskId)).isEmpty();
        TaskPage page = queryGateway.query(new FindTasksQuery(org, null, 0, 20), ResponseTypes.instanceOf(TaskPage.class)).join();
        assertThat(page.items()).extracting(TaskView::taskId).containsExactly(taskId);
        assertThat(page.totalItems()).isEqualTo(1);
    }

    @Test
    void listsPagesOfTheActiveOrganizationNewestFirst() {
        String org = id();
        String otherOrg = id();
        String user = id();
        member(org, user, Role.MEMBER);
        String projectA = id();
        String projectB = id();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(1, ChronoUnit.HOURS);
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String taskId = id();
            newestFirst.add(0, taskId);
            events.publish(new TaskCreatedEvent(org, i < 3 ? projectA : projectB, taskId, "Task " + i, user,
                    base.plusSeconds(i), null), user);
        }
        events.publish(new TaskCreatedEvent(otherOrg, projectA, id(), "Not mine", user, base.plusSeconds(99), null), user);

        await().atMost(PATIENCE).untilAsserted(() -> {
            ResponseEntity<JsonNode> all = get("/workflow/tasks?size=100", user, org);
            assertThat(all.getStatusCode().value()).isEqualTo(200);
            assertThat(all.getBody().get("totalItems").asLong()).isEqualTo(5);
        });

        JsonNode first = get("/workflow/tasks?page=0&size=2", user, org).getBody();
        assertThat(first.get("page").asInt()).isEqualTo(0);
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(first.get("totalItems").asLong()).isEqualTo(5);
        assertThat(taskIds(first)).containsExactly(newestFirst.get(0), newestFirst.get(1));
        JsonNode third = get("/workflow/tasks?page=2&size=2", user, org).getBody();
        assertThat(taskIds(third)).containsExactly(newestFirst.get(4));
        JsonNode beyond = get("/workflow/tasks?page=9&size=2", user, org).getBody();
        assertThat(taskIds(beyond)).isEmpty();
        assertThat(beyond.get("totalItems").asLong()).isEqualTo(5);

        JsonNode defaults = get("/workflow/tasks", user, org).getBody();
        assertThat(defaults.get("page").asInt()).isEqualTo(0);
        assertThat(defaults.get("size").asInt()).isEqualTo(20);
        assertThat(taskIds(defaults)).containsExactlyElementsOf(newestFirst);

        JsonNode ofProjectA = get("/workflow/tasks?projectId=" + projectA, user, org).getBody();
        assertThat(ofProjectA.get("totalItems").asLong()).isEqualTo(3);
        assertThat(taskIds(ofProjectA)).containsExactlyElementsOf(newestFirst.subList(2, 5));
    }

    @Test
    void rejectsInvalidPagingNamingTheParameter() {
        String org = id();
        String user = id();
        member(org, user, Role.VIEWER);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(get("/workflow/tasks", user, org).getStatusCode().value()).isEqualTo(200));

        assertThat(assertProblem(get("/workflow/tasks?page=-1", user, org), 400).get("detail").asText()).contains("'page'");
        assertThat(assertProblem(get("/workflow/tasks?size=0", user, org), 400).get("detail").asText()).contains("'size'");
        assertThat(assertProblem(get("/workflow/tasks?size=101", user, org), 400).get("detail").asText()).contains("'size'");
        assertThat(assertProblem(get("/workflow/tasks?page=abc", user, org), 400).get("detail").asText()).contains("'page'");
        assertThat(get("/workflow/tasks?size=100", user, org).getStatusCode().value()).isEqualTo(200);
        assertThat(get("/workflow/tasks?size=1", user, org).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        String org = id();
        String user = id();
        member(org, user, Role.VIEWER);
        String taskId = id();
        Instant createdAt = Instant.parse("2026-04-02T08:00:00Z");
        TaskCreatedEvent created = new TaskCreatedEvent(org, id(), taskId, "Original", user, createdAt, null);
        EnvelopeCodec.Context context = events.publish(created, user);
        // the same event again, and a later event for the same task id that must not overwrite it
        events.publish(created, context);
        events.publish(new TaskCreatedEvent(org, id(), taskId, "Overwritten?", user, createdAt.plusSeconds(60), null), user);
        // records of one organization share a partition: once this one is visible, the ones before it were applied
        String marker = id();
        events.publish(new TaskCreatedEvent(org, id(), marker, "Marker", user, createdAt.minusSeconds(60), null), user);

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(get("/workflow/tasks/" + marker, user, org).getStatusCode().value()).isEqualTo(200));
        JsonNode task = get("/workflow/tasks/" + taskId, user, org).getBody();
        assertThat(task.get("title").asText()).isEqualTo("Original");
        assertThat(Instant.parse(task.get("createdAt").asText())).isEqualTo(createdAt);
        JsonNode all = get("/workflow/tasks", user, org).getBody();
        assertThat(all.get("totalItems").asLong()).isEqualTo(2);
        assertThat(taskIds(all)).containsExactly(taskId, marker);
    }

    @Test
    void describesItsApiAndReportsHealth() {
        JsonNode api = http.getForObject("/v3/api-docs", JsonNode.class);
        assertThat(api.get("paths").fieldNames()).toIterable().contains("/workflow/tasks/{taskId}", "/workflow/tasks", "/workflow/projects");
        JsonNode health = http.getForObject("/actuator/health", JsonNode.class);
        assertThat(health.get("status").asText()).isEqualTo("UP");
    }

    private Optional<TaskView> findTask(String org, String taskId) {
        return queryGateway.query(new FindTaskQuery(org, taskId), ResponseTypes.optionalInstanceOf(TaskView.class)).join();
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
        assertThat(response.getHeaders().getContentType()).isNotNull();
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody().get("status").asInt()).isEqualTo(status);
        assertThat(response.getBody().get("correlationId").asText()).isNotBlank();
        return response.getBody();
    }

    private static List<String> taskIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("taskId").asText()));
        return ids;
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
