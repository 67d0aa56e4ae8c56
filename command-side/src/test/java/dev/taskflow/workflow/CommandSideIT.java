package dev.taskflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.Plan;
import dev.taskflow.api.Role;
import dev.taskflow.api.billing.EntitlementsUpdatedEvent;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.infra.EnvelopeSchemas;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

class CommandSideIT extends CommandSideIntegrationTest {



    private final KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers());
    private final String organizationId = UUID.randomUUID().toString();
    private final String userId = UUID.randomUUID().toString();

    @BeforeEach
    void memberOfAFreshOrganization() {
        becomeMember(organizationId, userId, Role.MEMBER);
    }

    @AfterEach
    void closeKafkaClient() {
        kafka.close();
    }

    @Test
    void createsATaskAndPublishesTheSeedEnvelopeKeyedByOrganization() throws Exception {
        String projectId = createProject(organizationId, userId);
        String correlationId = "corr-" + UUID.randomUUID();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        HttpHeaders headers = headers(organizationId, userId);
        headers.set("X-Correlation-ID", correlationId);
        headers.set("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

        ResponseEntity<String> response = post("/workflow/tasks",
                Map.of("projectId", projectId, "title", "Write the runbook"), headers);

        assertThat(response.getStatusCode().value()).isEqualTo(201);
        assertThat(response.getHeaders().getFirst("X-Correlation-ID")).isEqualTo(correlationId);
        assertThat(response.getHeaders().getFirst("X-Trace-Id")).isEqualTo(traceId);
        JsonNode task = read(response.getBody());
        String taskId = task.get("taskId").asText();
        assertThat(task.get("organizationId").asText()).isEqualTo(organizationId);
        assertThat(task.get("projectId").asText()).isEqualTo(projectId);
        assertThat(task.get("status").asText()).isEqualTo("OPEN");
        assertThat(task.get("createdBy").asText()).isEqualTo(userId);

        ConsumerRecord<String, byte[]> record = await().atMost(Duration.ofSeconds(30))
                .until(() -> recordOf(Topics.WORKFLOW_TASK_CREATED, "taskId", taskId), Optional::isPresent).get();
        assertThat(record.key()).isEqualTo(organizationId);
        assertThat(new EnvelopeSchemas().problems(record.value())).isEmpty();
        JsonNode envelope = read(record.value());
        assertThat(fieldNames(envelope)).containsExactlyInAnyOrder("eventId", "eventType", "eventVersion", "timestamp",
                "source", "correlationId", "traceId", "userId", "organizationId", "data");
        assertThat(envelope.get("eventType").asText()).isEqualTo("TaskCreated");
        // TaskCreated v2 (decision 0008): the seed's fields plus priority
        assertThat(envelope.get("eventVersion").asText()).isEqualTo("v2");
        assertThat(envelope.get("source").asText()).isEqualTo("workflow-service");
        assertThat(envelope.get("correlationId").asText()).isEqualTo(correlationId);
        assertThat(envelope.get("traceId").asText()).isEqualTo(traceId);
        assertThat(envelope.get("userId").asText()).isEqualTo(userId);
        assertThat(envelope.get("organizationId").asText()).isEqualTo(organizationId);
        assertThat(UUID.fromString(envelope.get("eventId").asText())).isNotNull();
        assertThat(Instant.parse(envelope.get("timestamp").asText())).isNotNull();
        JsonNode data = envelope.get("data");
        assertThat(fieldNames(data)).containsExactly("organizationId", "projectId", "taskId", "title", "createdBy", "createdAt",
                "priority");
        assertThat(data.get("priority").asText()).isEqualTo("NORMAL");
        assertThat(task.get("priority").asText()).isEqualTo("NORMAL");
        assertThat(data.get("title").asText()).isEqualTo("Write the runbook");
        assertThat(data.get("createdBy").asText()).isEqualTo(userId);
        assertThat(Instant.parse(data.get("createdAt").asText())).isEqualTo(Instant.parse(task.get("createdAt").asText()));
    }

    @Test
    void aNonMemberGets403AndNothingIsWrittenOrPublished() {
        String foreignOrganization = UUID.randomUUID().toString();
        String projectId = createProject(organizationId, userId);

        ResponseEntity<String> response = post("/workflow/tasks", Map.of("projectId", projectId, "title", "Sneak in"),
                headers(foreignOrganization, userId));

        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).contains("correlationId");
        assertThat(eventsMentioning(foreignOrganization)).isZero();
        // once a later task of the member is on Kafka, the publisher has passed the refused request
        String laterTask = createTask(organizationId, userId, projectId).get("taskId").asText();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> recordOf(Topics.WORKFLOW_TASK_CREATED, "taskId", laterTask), Optional::isPresent);
        assertThat(kafka.readAll(Topics.WORKFLOW_TASK_CREATED)).noneMatch(r -> foreignOrganization.equals(r.key()));
    }

    @Test
    void aViewerMayNotCreateTasks() {
        String viewer = UUID.randomUUID().toString();
        becomeMember(organizationId, viewer, Role.VIEWER);
        String projectId = createProject(organizationId, userId);

        ResponseEntity<String> response = post("/workflow/tasks", Map.of("projectId", projectId, "title", "No"),
                headers(organizationId, viewer));

        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(response.getBody()).contains("VIEWER");
    }

    @Test
    void theFreePlansTaskLimitGives402UntilBillingRaisesIt() {
        String projectId = createProject(organizationId, userId);
        for (int i = 0; i < Plan.FREE.maxTasks(); i++) {
            createTask(organizationId, userId, projectId);
        }

        ResponseEntity<String> refused = post("/workflow/tasks", Map.of("projectId", projectId, "title", "One too many"),
                headers(organizationId, userId));

        assertThat(refused.getStatusCode().value()).isEqualTo(402);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getBody()).contains("FREE");
        assertThat(eventsMentioning(organizationId)).isEqualTo(1 + Plan.FREE.maxTasks());

        kafka.publish(new EntitlementsUpdatedEvent(organizationId, Plan.TEAM, Plan.TEAM.maxProjects(),
                Plan.TEAM.maxTasks(), Instant.now()), userId);
        await().atMost(Duration.ofSeconds(30)).until(() -> post("/workflow/tasks",
                Map.of("projectId", projectId, "title", "After upgrade"), headers(organizationId, userId))
                .getStatusCode().value() == 201);
    }

    @Test
    void theFreePlansProjectLimitGives402() {
        for (int i = 0; i < Plan.FREE.maxProjects(); i++) {
            createProject(organizationId, userId);
        }
        ResponseEntity<String> refused = post("/workflow/projects", Map.of("name", "Fourth"), headers(organizationId, userId));
        assertThat(refused.getStatusCode().value()).isEqualTo(402);
    }

    @Test
    void aTaskInAnotherOrganizationsProjectIsRefusedNamingTheField() {
        String otherOrganization = UUID.randomUUID().toString();
        becomeMember(otherOrganization, userId, Role.MEMBER);
        String foreignProject = createProject(otherOrganization, userId);

        ResponseEntity<String> response = post("/workflow/tasks", Map.of("projectId", foreignProject, "title", "Cross"),
                headers(organizationId, userId));

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).contains("projectId");
        assertThat(eventsMentioning(organizationId)).isZero();
    }

    @Test
    void invalidInputIs400NamingTheFieldAndWritesNothing() {
        String projectId = createProject(organizationId, userId);
        ResponseEntity<String> blankTitle = post("/workflow/tasks", Map.of("projectId", projectId, "title", " "),
                headers(organizationId, userId));
        ResponseEntity<String> longTitle = post("/workflow/tasks", Map.of("projectId", projectId, "title", "x".repeat(201)),
                headers(organizationId, userId));
        ResponseEntity<String> notJson = http.exchange("/workflow/tasks", HttpMethod.POST,
                new HttpEntity<>("{nope", headers(organizationId, userId)), String.class);
        HttpHeaders noOrganization = headers(organizationId, userId);
        noOrganization.remove("X-Organization-Id");
        ResponseEntity<String> missingOrganization = post("/workflow/tasks", Map.of("projectId", projectId, "title", "ok"),
                noOrganization);

        assertThat(blankTitle.getStatusCode().value()).isEqualTo(400);
        assertThat(blankTitle.getBody()).contains("\"field\":\"title\"");
        assertThat(longTitle.getStatusCode().value()).isEqualTo(400);
        assertThat(longTitle.getBody()).contains("title");
        assertThat(notJson.getStatusCode().value()).isEqualTo(400);
        assertThat(missingOrganization.getStatusCode().value()).isEqualTo(400);
        assertThat(missingOrganization.getBody()).contains("X-Organization-Id");
        assertThat(eventsMentioning(organizationId)).isEqualTo(1);
    }

    private Optional<ConsumerRecord<String, byte[]>> recordOf(String topic, String field, String value) {
        List<ConsumerRecord<String, byte[]>> records = kafka.readAll(topic);
        return records.stream().filter(r -> value.equals(read(r.value()).get("data").get(field).asText())).findFirst();
    }

    private static List<String> fieldNames(JsonNode node) {
        return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false).toList();
    }

}
