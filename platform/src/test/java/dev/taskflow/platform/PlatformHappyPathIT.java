package dev.taskflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.infra.KafkaTestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The seed's happy path through the gateway of the whole embedded platform: sign up, token,
 * organization, project, task; then the task in the query side, its audit record and the analytics count.
 */
class PlatformHappyPathIT extends PlatformIntegrationTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(60);


    @Test
    void aTaskCreatedThroughTheGatewayReachesQuerySideAuditAndAnalytics() {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        String token = signUpAndLogIn(alice);

        HttpResponse<String> organization = send("POST", "/organizations", token, null, "{\"name\":\"Acme\"}");
        assertThat(organization.statusCode()).isEqualTo(201);
        String organizationId = json(organization).get("organizationId").asText();

        // membership reaches the workflow service's cache through Kafka, a moment after the organization exists
        HttpResponse<String> project = await().atMost(EVENTUALLY).until(
                () -> send("POST", "/workflow/projects", token, organizationId, "{\"name\":\"Launch\"}"),
                r -> r.statusCode() == 201);
        String projectId = json(project).get("projectId").asText();

        String correlationId = "happy-" + UUID.randomUUID();
        HttpResponse<String> created = send("POST", "/workflow/tasks", token, organizationId,
                "{\"projectId\":\"" + projectId + "\",\"title\":\"Write the runbook\"}", correlationId);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("X-Correlation-ID")).contains(correlationId);
        JsonNode task = json(created);
        String taskId = task.get("taskId").asText();
        assertThat(task.get("status").asText()).isEqualTo("OPEN");

        HttpResponse<String> read = await().atMost(EVENTUALLY).until(
                () -> send("GET", "/workflow/tasks/" + taskId, token, organizationId, null), r -> r.statusCode() == 200);
        assertThat(json(read).get("title").asText()).isEqualTo("Write the runbook");
        assertThat(json(read).get("organizationId").asText()).isEqualTo(organizationId);

        HttpResponse<String> audit = await().atMost(EVENTUALLY).until(
                () -> send("GET", "/audit/records?entityId=" + taskId, token, organizationId, null),
                r -> r.statusCode() == 200 && json(r).size() == 1);
        JsonNode record = json(audit).get(0);
        assertThat(record.get("eventType").asText()).isEqualTo("TaskCreated");
        assertThat(record.get("correlationId").asText()).isEqualTo(correlationId);

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        await().atMost(EVENTUALLY).until(
                () -> send("GET", "/analytics/tasks-per-day?from=" + today + "&to=" + today, token, organizationId, null),
                r -> r.statusCode() == 200 && json(r).size() == 1 && json(r).get(0).get("created").asInt() == 1);

        try (KafkaTestClient kafka = new KafkaTestClient(platform.kafkaBootstrapServers())) {
            var published = kafka.readAll(Topics.WORKFLOW_TASK_CREATED);
            assertThat(published).filteredOn(r -> r.key().equals(organizationId)).hasSize(1);
        }
    }

    @Test
    void aRequestWithoutAValidTokenIsRefusedAtTheEdge() {
        HttpResponse<String> noToken = send("POST", "/workflow/tasks", null, UUID.randomUUID().toString(),
                "{\"projectId\":\"p\",\"title\":\"t\"}");
        HttpResponse<String> forged = send("GET", "/workflow/tasks?page=0", "not.a.jwt", UUID.randomUUID().toString(), null);

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(noToken.headers().firstValue("X-Correlation-ID")).isPresent();
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    void aUserOutsideTheOrganizationGets403() {
        String ownerToken = signUpAndLogIn("owner-" + UUID.randomUUID().toString().substring(0, 8));
        String organizationId = json(send("POST", "/organizations", ownerToken, null, "{\"name\":\"Private\"}"))
                .get("organizationId").asText();
        String strangerToken = signUpAndLogIn("stranger-" + UUID.randomUUID().toString().substring(0, 8));

        HttpResponse<String> response = send("POST", "/workflow/projects", strangerToken, organizationId, "{\"name\":\"Mine\"}");

        assertThat(response.statusCode()).isEqualTo(403);
    }

    private String signUpAndLogIn(String username) {
        return gateway.signUpAndLogIn(username);
    }

    private HttpResponse<String> send(String method, String path, String token, String organizationId, String body) {
        return gateway.send(method, path, token, organizationId, body);
    }

    private HttpResponse<String> send(String method, String path, String token, String organizationId, String body,
                                      String correlationId) {
        return gateway.send(method, path, token, organizationId, body, correlationId);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return GatewayClient.json(response);
    }
}
