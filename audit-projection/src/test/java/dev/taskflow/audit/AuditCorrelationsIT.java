package dev.taskflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.audit.correlation.CorrelationLookup;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** {@code GET /admin/audit/correlations/{id}}: what one request caused, in every organization, for operators. */
class AuditCorrelationsIT extends AuditIntegrationTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void listsTheRecordsOfACorrelationIdInEveryOrganizationOldestFirst() {
        String correlationId = "req-" + UUID.randomUUID();
        String org = id();
        String otherOrg = id();
        String taskId = id();
        String projectId = id();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(30);
        // published newest first; a record of another correlation id in the same organization stays out
        EnvelopeCodec.Context task = new EnvelopeCodec.Context(id(), base.plusSeconds(2), "command-side", correlationId,
                "4bf92f3577b34da6a3ce929d0e0e4736", "user-1");
        events.publish(new TaskCreatedEvent(org, projectId, taskId, "Follow me", "user-1", base.plusSeconds(2), null), task);
        EnvelopeCodec.Context project = new EnvelopeCodec.Context(id(), base, "command-side", correlationId, null, "user-2");
        events.publish(new ProjectCreatedEvent(otherOrg, projectId, "Elsewhere", "user-2", base), project);
        events.publish(new ProjectCreatedEvent(org, id(), "Unrelated", "user-1", base.plusSeconds(1)),
                new EnvelopeCodec.Context(id(), base.plusSeconds(1), "command-side", "other-" + correlationId, null, "user-1"));

        JsonNode answer = await().atMost(PATIENCE).until(() -> correlation(correlationId),
                r -> r.getStatusCode().value() == 200 && r.getBody().get("records").size() == 2).getBody();

        assertThat(answer.get("correlationId").asText()).isEqualTo(correlationId);
        assertThat(answer.get("truncated").asBoolean()).isFalse();
        JsonNode first = answer.get("records").get(0);
        assertThat(first.get("eventId").asText()).isEqualTo(project.eventId());
        assertThat(first.get("eventType").asText()).isEqualTo("ProjectCreated");
        assertThat(first.get("organizationId").asText()).isEqualTo(otherOrg);
        assertThat(first.get("entityType").asText()).isEqualTo("project");
        JsonNode second = answer.get("records").get(1);
        assertThat(second.get("eventId").asText()).isEqualTo(task.eventId());
        assertThat(second.get("eventType").asText()).isEqualTo("TaskCreated");
        assertThat(second.get("source").asText()).isEqualTo("command-side");
        assertThat(second.get("organizationId").asText()).isEqualTo(org);
        assertThat(second.get("entityType").asText()).isEqualTo("task");
        assertThat(second.get("entityId").asText()).isEqualTo(taskId);
        assertThat(second.get("traceId").asText()).isEqualTo(task.traceId());
        assertThat(Instant.parse(second.get("occurredAt").asText())).isEqualTo(base.plusSeconds(2));
        assertThat(Instant.parse(second.get("recordedAt").asText())).isAfter(base.plusSeconds(2));
        // the organization's own data does not leave through the operator API
        assertThat(second.has("data")).isFalse();
    }

    @Test
    void anUnknownCorrelationIdHasNoRecords() {
        ResponseEntity<JsonNode> answer = correlation("never-used-" + UUID.randomUUID());

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody().get("records")).isEmpty();
    }

    @Test
    void answersAtMostTheBoundAndSaysSo() {
        String correlationId = "chatty-" + UUID.randomUUID();
        String org = id();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
        List<String> oldest = new ArrayList<>();
        for (int i = 0; i <= CorrelationLookup.MAX_RECORDS; i++) {
            EnvelopeCodec.Context context = new EnvelopeCodec.Context(id(), base.plusMillis(i), "command-side",
                    correlationId, null, "user-1");
            events.publish(new ProjectCreatedEvent(org, id(), "P" + i, "user-1", base.plusMillis(i)), context);
            if (i < CorrelationLookup.MAX_RECORDS) {
                oldest.add(context.eventId());
            }
        }

        JsonNode answer = await().atMost(PATIENCE).until(() -> correlation(correlationId),
                r -> r.getStatusCode().value() == 200 && r.getBody().get("truncated").asBoolean()).getBody();

        List<String> listed = new ArrayList<>();
        answer.get("records").forEach(record -> listed.add(record.get("eventId").asText()));
        assertThat(listed).containsExactlyElementsOf(oldest);
    }

    @Test
    void aMalformedCorrelationIdIsA400Problem() {
        for (String bad : List.of("has space", "x".repeat(129), "quote\"", "star*")) {
            ResponseEntity<JsonNode> answer = correlation(bad);

            assertThat(answer.getStatusCode().value()).as(bad).isEqualTo(400);
            assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
            assertThat(answer.getBody().get("detail").asText()).contains("correlation id");
        }
        assertThat(correlation("x".repeat(128)).getStatusCode().value()).isEqualTo(200);
    }

    private ResponseEntity<JsonNode> correlation(String correlationId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        return http.exchange("/admin/audit/correlations/{id}", HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class,
                correlationId);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
