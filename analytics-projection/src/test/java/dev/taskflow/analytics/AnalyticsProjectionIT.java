package dev.taskflow.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.Role;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/** Tasks per day against a real broker and a real PostgreSQL: records in, HTTP out. */
class AnalyticsProjectionIT extends AnalyticsIntegrationTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void countsTasksPerOrganizationAndUtcDayOnceEach() {
        String org = id();
        String otherOrg = id();
        String member = id();
        member(org, member, Role.MEMBER);
        task(org, "2026-03-01T00:00:00Z");
        task(org, "2026-03-01T23:59:59Z");
        // counted by UTC day: 22:30Z is the 2nd at UTC+02:00, 04:30Z the 2nd at UTC-05:00; neither counts there
        task(org, "2026-03-01T22:30:00Z");
        task(org, "2026-03-03T04:30:00Z");
        task(otherOrg, "2026-03-01T12:00:00Z");
        // the same record twice: counted once
        TaskCreatedEvent repeated = new TaskCreatedEvent(org, id(), id(), "Twice", member,
                Instant.parse("2026-03-05T10:00:00Z"), null);
        EnvelopeCodec.Context context = events.publish(repeated, member);
        events.publish(repeated, context);
        // records of one organization share a partition: once the marker is counted, everything before it was
        task(org, "2026-03-10T10:00:00Z");

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(counts(get("from=2026-03-10&to=2026-03-10", member, org))).containsEntry("2026-03-10", 1L));
        Map<String, Long> counts = counts(get("from=2026-03-01&to=2026-03-31", member, org));
        assertThat(counts).containsExactly(
                Map.entry("2026-03-01", 3L), Map.entry("2026-03-03", 1L),
                Map.entry("2026-03-05", 1L), Map.entry("2026-03-10", 1L));
        assertThat(jdbc.queryForObject("select count(*) from processed_event where event_id = ?", Long.class,
                context.eventId())).isEqualTo(1);
        // inclusive bounds, and a narrower window
        assertThat(counts(get("from=2026-03-03&to=2026-03-05", member, org)))
                .containsExactly(Map.entry("2026-03-03", 1L), Map.entry("2026-03-05", 1L));
        assertThat(counts(get("from=2026-03-02&to=2026-03-02", member, org))).isEmpty();
    }

    @Test
    void answersTheLastThirtyDaysByDefault() {
        String org = id();
        String member = id();
        member(org, member, Role.OWNER);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        task(org, Instant.now().toString());
        task(org, today.minusDays(29).atTime(12, 0).toInstant(ZoneOffset.UTC).toString());
        task(org, today.minusDays(30).atTime(12, 0).toInstant(ZoneOffset.UTC).toString());

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(counts(get("", member, org))).hasSize(2));
        Map<String, Long> counts = counts(get("", member, org));
        assertThat(counts).containsOnlyKeys(today.toString(), today.minusDays(29).toString());
        // 'to' alone: the 30 days up to it, here today-30 .. today-1
        assertThat(counts(get("to=" + today.minusDays(1), member, org)))
                .containsOnlyKeys(today.minusDays(30).toString(), today.minusDays(29).toString());
        assertThat(counts(get("to=" + today.minusDays(2), member, org)))
                .containsOnlyKeys(today.minusDays(30).toString(), today.minusDays(29).toString());
        assertThat(counts(get("to=" + today.minusDays(30), member, org))).containsOnlyKeys(today.minusDays(30).toString());
        // 'from' alone: up to today
        assertThat(counts(get("from=" + today.minusDays(30), member, org))).hasSize(3);
    }

    @Test
    void rejectsInvalidRangesNamingTheParameter() {
        String org = id();
        String member = id();
        String viewer = id();
        member(org, member, Role.MEMBER);
        member(org, viewer, Role.VIEWER);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(get("", member, org).getStatusCode().value()).isEqualTo(200);
            assertThat(get("", viewer, org).getStatusCode().value()).isEqualTo(403);
        });

        assertThat(problem(get("from=2026-03-02&to=2026-03-01", member, org), 400).get("detail").asText()).contains("'from'");
        assertThat(problem(get("from=2025-01-01&to=2026-01-02", member, org), 400).get("detail").asText()).contains("'to'");
        assertThat(get("from=2024-01-01&to=2024-12-31", member, org).getStatusCode().value()).isEqualTo(200);
        assertThat(problem(get("from=2026-13-01", member, org), 400).get("detail").asText()).contains("'from'");
        assertThat(problem(get("to=yesterday", member, org), 400).get("detail").asText()).contains("'to'");
        problem(get("", viewer, org), 403);
        problem(get("", id(), org), 403);
        problem(get("", member, null), 400);
        problem(get("", null, org), 401);
    }

    @Test
    void describesItsApiAndReportsHealth() {
        JsonNode api = http.getForObject("/v3/api-docs", JsonNode.class);
        assertThat(api.get("paths").fieldNames()).toIterable().contains("/analytics/tasks-per-day");
        JsonNode health = http.getForObject("/actuator/health", JsonNode.class);
        assertThat(health.get("status").asText()).isEqualTo("UP");
    }

    private void task(String org, String createdAt) {
        String user = id();
        events.publish(new TaskCreatedEvent(org, id(), id(), "Task", user, Instant.parse(createdAt), null), user);
    }

    private void member(String org, String user, Role role) {
        events.publish(new MemberAddedEvent(org, user, role, "test", Instant.now()), "test");
    }

    private ResponseEntity<JsonNode> get(String query, String user, String org) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        if (user != null) {
            headers.set("X-User-Id", user);
        }
        if (org != null) {
            headers.set("X-Organization-Id", org);
        }
        return http.exchange("/analytics/tasks-per-day?" + query, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    private static Map<String, Long> counts(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        Map<String, Long> counts = new LinkedHashMap<>();
        response.getBody().forEach(day -> {
            assertThat(day.fieldNames()).toIterable().containsExactlyInAnyOrder("date", "created", "completed");
            assertThat(day.get("completed").asLong()).isZero();
            counts.put(day.get("date").asText(), day.get("created").asLong());
        });
        return counts;
    }

    private static JsonNode problem(ResponseEntity<JsonNode> response, int status) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody().get("correlationId").asText()).isNotBlank();
        return response.getBody();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
