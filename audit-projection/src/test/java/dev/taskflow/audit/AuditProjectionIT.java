package dev.taskflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.Plan;
import dev.taskflow.api.Role;
import dev.taskflow.api.billing.EntitlementsUpdatedEvent;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.api.organization.MemberRemovedEvent;
import dev.taskflow.api.organization.OrganizationCreatedEvent;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/** The audit trail against a real broker and a real PostgreSQL: records in, HTTP and SQL out. */
class AuditProjectionIT extends AuditIntegrationTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void recordsATaskCreationWithItsContext() {
        String org = id();
        String admin = id();
        member(org, admin, Role.ADMIN);
        String taskId = id();
        String projectId = id();
        Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(5);
        EnvelopeCodec.Context context = new EnvelopeCodec.Context(id(), occurredAt, "workflow-service", "corr-" + id(),
                "4bf92f3577b34da6a3ce929d0e0e4736", admin);
        events.publish(new TaskCreatedEvent(org, projectId, taskId, "Audit me", admin, occurredAt, null), context);

        JsonNode records = awaitRecords("entityId=" + taskId, admin, org, 1);
        JsonNode record = records.get(0);
        assertThat(record.get("eventId").asText()).isEqualTo(context.eventId());
        assertThat(record.get("eventType").asText()).isEqualTo("TaskCreated");
        assertThat(record.get("correlationId").asText()).isEqualTo(context.correlationId());
        assertThat(record.get("traceId").asText()).isEqualTo(context.traceId());
        assertThat(record.get("userId").asText()).isEqualTo(admin);
        assertThat(record.get("organizationId").asText()).isEqualTo(org);
        assertThat(record.get("entityType").asText()).isEqualTo("task");
        assertThat(record.get("entityId").asText()).isEqualTo(taskId);
        assertThat(Instant.parse(record.get("occurredAt").asText())).isEqualTo(occurredAt);
        assertThat(Instant.parse(record.get("recordedAt").asText())).isAfterOrEqualTo(occurredAt);
        assertThat(record.get("data").get("title").asText()).isEqualTo("Audit me");
        assertThat(record.get("data").get("projectId").asText()).isEqualTo(projectId);
    }

    @Test
    void namesTheEntityOfEveryEventType() {
        String org = id();
        String owner = id();
        String member = id();
        String projectId = id();
        Instant now = Instant.now();
        events.publish(new OrganizationCreatedEvent(org, "Acme", owner, now), owner);
        member(org, owner, Role.OWNER);
        events.publish(new MemberAddedEvent(org, member, Role.MEMBER, owner, now), owner);
        events.publish(new MemberRemovedEvent(org, member, owner, now.plusSeconds(1)), owner);
        events.publish(new EntitlementsUpdatedEvent(org, Plan.TEAM, 50, 10_000, now), owner);
        events.publish(new ProjectCreatedEvent(org, projectId, "Roadmap", owner, now), owner);

        JsonNode orgRecords = awaitRecords("entityId=" + org, owner, org, 2);
        assertThat(texts(orgRecords, "eventType")).containsExactlyInAnyOrder("OrganizationCreated", "EntitlementsUpdated");
        assertThat(texts(orgRecords, "entityType")).containsOnly("organization");
        JsonNode memberRecords = awaitRecords("entityId=" + member, owner, org, 2);
        assertThat(texts(memberRecords, "eventType")).containsExactly("MemberAdded", "MemberRemoved");
        assertThat(texts(memberRecords, "entityType")).containsOnly("member");
        JsonNode projectRecords = awaitRecords("entityId=" + projectId, owner, org, 1);
        assertThat(projectRecords.get(0).get("entityType").asText()).isEqualTo("project");
        assertThat(projectRecords.get(0).get("eventType").asText()).isEqualTo("ProjectCreated");
    }

    @Test
    void theSameEventTwiceIsRecordedOnce() {
        String org = id();
        String admin = id();
        member(org, admin, Role.ADMIN);
        String taskId = id();
        TaskCreatedEvent created = new TaskCreatedEvent(org, id(), taskId, "Once", admin, Instant.now(), null);
        EnvelopeCodec.Context context = events.publish(created, admin);
        events.publish(created, context);
        // records of one organization share a partition: once the marker is in, both copies were handled
        String marker = id();
        events.publish(new TaskCreatedEvent(org, id(), marker, "Marker", admin, Instant.now(), null), admin);

        awaitRecords("entityId=" + marker, admin, org, 1);
        assertThat(texts(records("entityId=" + taskId, admin, org).getBody(), "eventId")).containsExactly(context.eventId());
        assertThat(jdbc.queryForObject("select count(*) from audit_record where event_id = ?", Long.class,
                context.eventId())).isEqualTo(1);
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveRecords() throws SQLException {
        String org = id();
        String taskId = id();
        String eventId = events.publish(new TaskCreatedEvent(org, id(), taskId, "Immutable", id(), Instant.now(), null),
                id()).eventId();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from audit_record where event_id = ?", Long.class, eventId)).isEqualTo(1));

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            assertThatThrownBy(() -> statement.executeUpdate(
                    "update audit_record set summary = 'tampered' where event_id = '" + eventId + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate(
                    "update audit_record set summary = 'tampered' where false"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate(
                    "delete from audit_record where event_id = '" + eventId + "'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate("truncate audit_record"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        assertThat(jdbc.queryForObject("select summary from audit_record where event_id = ?", String.class, eventId))
                .isEqualTo("Task created");
        assertThat(jdbc.queryForObject("select count(*) from audit_record where event_id = ?", Long.class, eventId))
                .isEqualTo(1);
    }

    @Test
    void showsOnlyTheActiveOrganizationsRecordsOldestFirst() {
        String org = id();
        String otherOrg = id();
        String admin = id();
        member(org, admin, Role.ADMIN);
        member(otherOrg, admin, Role.OWNER);
        String correlationId = "corr-" + id();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        List<String> expected = new ArrayList<>();
        // published newest first: the answer must still come oldest first
        for (int i = 2; i >= 0; i--) {
            EnvelopeCodec.Context context = new EnvelopeCodec.Context(id(), base.plusSeconds(i), "workflow-service",
                    correlationId, null, admin);
            events.publish(new TaskCreatedEvent(org, id(), id(), "Task " + i, admin, base.plusSeconds(i), null), context);
            expected.add(0, context.eventId());
        }
        String sharedEntity = id();
        events.publish(new ProjectCreatedEvent(otherOrg, sharedEntity, "Elsewhere", admin, base),
                new EnvelopeCodec.Context(id(), base, "workflow-service", correlationId, null, admin));
        events.publish(new ProjectCreatedEvent(org, sharedEntity, "Here", admin, base.plusSeconds(10)),
                new EnvelopeCodec.Context(id(), base.plusSeconds(10), "workflow-service", id(), null, admin));

        JsonNode mine = awaitRecords("correlationId=" + correlationId, admin, org, 3);
        assertThat(texts(mine, "eventId")).containsExactlyElementsOf(expected);
        assertThat(texts(mine, "organizationId")).containsOnly(org);
        JsonNode theirs = awaitRecords("correlationId=" + correlationId, admin, otherOrg, 1);
        assertThat(theirs.get(0).get("organizationId").asText()).isEqualTo(otherOrg);
        JsonNode byEntity = awaitRecords("entityId=" + sharedEntity, admin, org, 1);
        assertThat(byEntity.get(0).get("data").get("name").asText()).isEqualTo("Here");
    }

    @Test
    void requiresAnAdminAndExactlyOneFilter() {
        String org = id();
        String admin = id();
        String plainMember = id();
        member(org, admin, Role.ADMIN);
        member(org, plainMember, Role.MEMBER);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(records("entityId=x", admin, org).getStatusCode().value()).isEqualTo(200);
            assertThat(records("entityId=x", plainMember, org).getStatusCode().value()).isEqualTo(403);
        });
        assertProblem(records("entityId=x", plainMember, org), 403);
        assertProblem(records("entityId=x", id(), org), 403);
        assertProblem(records("entityId=x", admin, id()), 403);
        assertProblem(records("entityId=x", admin, null), 400);
        assertProblem(records("entityId=x", null, org), 401);
        assertThat(assertProblem(records("", admin, org), 400).get("detail").asText()).contains("'entityId'", "'correlationId'");
        assertThat(assertProblem(records("entityId=a&correlationId=b", admin, org), 400).get("detail").asText())
                .contains("'entityId'", "'correlationId'");
        assertProblem(records("entityId=+", admin, org), 400);
    }

    @Test
    void describesItsApiAndReportsHealth() {
        JsonNode api = http.getForObject("/v3/api-docs", JsonNode.class);
        assertThat(api.get("paths").fieldNames()).toIterable().contains("/audit/records");
        JsonNode health = http.getForObject("/actuator/health", JsonNode.class);
        assertThat(health.get("status").asText()).isEqualTo("UP");
    }

    private void member(String org, String user, Role role) {
        events.publish(new MemberAddedEvent(org, user, role, "test", Instant.now()), "test");
    }

    private JsonNode awaitRecords(String query, String user, String org, int count) {
        List<JsonNode> result = new ArrayList<>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            ResponseEntity<JsonNode> response = records(query, user, org);
            assertThat(response.getStatusCode().value()).isEqualTo(200);
            assertThat(response.getBody()).hasSize(count);
            result.add(0, response.getBody());
        });
        return result.get(0);
    }

    private ResponseEntity<JsonNode> records(String query, String user, String org) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        if (user != null) {
            headers.set("X-User-Id", user);
        }
        if (org != null) {
            headers.set("X-Organization-Id", org);
        }
        return http.exchange("/audit/records?" + query, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    private static JsonNode assertProblem(ResponseEntity<JsonNode> response, int status) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody().get("correlationId").asText()).isNotBlank();
        return response.getBody();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.get(field).asText()));
        return values;
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
