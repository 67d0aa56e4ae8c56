package dev.taskflow.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.analytics.SequencedEvents.Published;
import dev.taskflow.api.Role;
import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.api.workflow.TaskReopenedEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * Completed tasks per day and cycle time against a real broker and a real PostgreSQL: completions and
 * reopenings published with their aggregate sequence, out of order and twice; the figures over HTTP; a
 * blue-green rebuild that reads the topics in yet another order and swaps in the same figures.
 */
class CompletionsIT extends AnalyticsIntegrationTest {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    private SequencedEvents sequenced;

    @BeforeEach
    void publisher() {
        sequenced = new SequencedEvents(events);
    }

    @Test
    void aTaskCountsOnceOnItsLatestCompletionWhateverTheOrderItsEventsArriveIn() {
        String org = id();
        String otherOrg = id();
        String member = id();
        member(org, member, Role.MEMBER);

        // A: 24 h; its completion arrives twice (same eventId)
        String a = created(org, "2026-04-01T00:00:00Z");
        Published aDone = sequenced.publish(completed(org, a, "2026-04-01T00:00:00Z", "2026-04-02T00:00:00Z"), 1);
        sequenced.redeliver(List.of(aDone));
        // B: 48 h
        String b = created(org, "2026-04-01T12:00:00Z");
        sequenced.publish(completed(org, b, "2026-04-01T12:00:00Z", "2026-04-03T12:00:00Z"), 1);
        // C: completed (30 h), reopened, completed again (96 h); the last completion comes first on its topic,
        // so the first one certainly arrives after it and must change nothing
        String c = created(org, "2026-04-01T00:00:00Z");
        sequenced.publish(completed(org, c, "2026-04-01T00:00:00Z", "2026-04-05T00:00:00Z"), 3);
        sequenced.publish(completed(org, c, "2026-04-01T00:00:00Z", "2026-04-02T06:00:00Z"), 1);
        sequenced.publish(reopened(org, c, "2026-04-02T08:00:00Z"), 2);
        // D: completed, then reopened (published first): not completed now, so not counted anywhere
        String d = created(org, "2026-04-01T00:00:00Z");
        sequenced.publish(reopened(org, d, "2026-04-03T00:00:00Z"), 2);
        sequenced.publish(completed(org, d, "2026-04-01T00:00:00Z", "2026-04-02T00:00:00Z"), 1);
        // another organization's completion on the same day
        String foreign = created(otherOrg, "2026-04-01T00:00:00Z");
        sequenced.publish(completed(otherOrg, foreign, "2026-04-01T00:00:00Z", "2026-04-02T00:00:00Z"), 1);

        awaitEarlierRecordsCounted(org);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(get("/analytics/tasks-per-day?from=2026-04-01&to=2026-04-10", member, org).getStatusCode()
                        .value()).isEqualTo(200));

        assertThat(days(get("/analytics/tasks-per-day?from=2026-04-01&to=2026-04-10", member, org))).containsExactly(
                Map.entry("2026-04-01", List.of(4L, 0L)),
                Map.entry("2026-04-02", List.of(0L, 1L)),
                Map.entry("2026-04-03", List.of(0L, 1L)),
                Map.entry("2026-04-05", List.of(0L, 1L)));
        JsonNode all = cycleTime("from=2026-04-01&to=2026-04-10", member, org);
        assertThat(all.get("from").asText()).isEqualTo("2026-04-01");
        assertThat(all.get("to").asText()).isEqualTo("2026-04-10");
        assertThat(all.get("count").asLong()).isEqualTo(3);
        assertThat(all.get("averageHours").decimalValue()).isEqualByComparingTo("56.00");
        assertThat(all.get("medianHours").decimalValue()).isEqualByComparingTo("48.00");
        JsonNode early = cycleTime("from=2026-04-02&to=2026-04-03", member, org);
        assertThat(early.get("count").asLong()).isEqualTo(2);
        assertThat(early.get("averageHours").decimalValue()).isEqualByComparingTo("36.00");
        assertThat(early.get("medianHours").decimalValue()).isEqualByComparingTo("36.00");
        JsonNode none = cycleTime("from=2026-04-06&to=2026-04-06", member, org);
        assertThat(none.get("count").asLong()).isZero();
        assertThat(none.get("averageHours").isNull()).isTrue();
        assertThat(none.get("medianHours").isNull()).isTrue();

        // D completed again after its reopening: now it counts, on that day
        sequenced.publish(completed(org, d, "2026-04-01T00:00:00Z", "2026-04-06T00:00:00Z"), 3);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(cycleTime("from=2026-04-06&to=2026-04-06", member, org).get("count").asLong()).isEqualTo(1));
        assertThat(cycleTime("from=2026-04-06&to=2026-04-06", member, org).get("medianHours").decimalValue())
                .isEqualByComparingTo("120.00");
        assertThat(days(get("/analytics/tasks-per-day?from=2026-04-06&to=2026-04-06", member, org)))
                .containsExactly(Map.entry("2026-04-06", List.of(0L, 1L)));
    }

    @Test
    void rejectsInvalidRangesOfTheCycleTimeNamingTheParameter() {
        String org = id();
        String member = id();
        String viewer = id();
        member(org, member, Role.MEMBER);
        member(org, viewer, Role.VIEWER);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(get("/analytics/cycle-time", member, org).getStatusCode().value()).isEqualTo(200);
            assertThat(get("/analytics/cycle-time", viewer, org).getStatusCode().value()).isEqualTo(403);
        });
        JsonNode defaults = get("/analytics/cycle-time", member, org).getBody();
        assertThat(defaults.get("count").asLong()).isZero();
        assertThat(LocalDate.parse(defaults.get("from").asText()).plusDays(29))
                .isEqualTo(LocalDate.parse(defaults.get("to").asText()));

        assertThat(problem(get("/analytics/cycle-time?from=2026-03-02&to=2026-03-01", member, org), 400).get("detail")
                .asText()).contains("'from'");
        assertThat(problem(get("/analytics/cycle-time?from=2025-01-01&to=2026-01-02", member, org), 400).get("detail")
                .asText()).contains("'to'");
        assertThat(problem(get("/analytics/cycle-time?to=soon", member, org), 400).get("detail").asText())
                .contains("'to'");
        problem(get("/analytics/cycle-time", null, org), 401);
        problem(get("/analytics/cycle-time", member, null), 400);

        JsonNode api = http.getForObject("/v3/api-docs", JsonNode.class);
        assertThat(api.get("paths").fieldNames()).toIterable().contains("/analytics/cycle-time");
    }

    @Test
    void aRebuildSwapsInTheSameFigures() {
        String org = id();
        for (int i = 0; i < 6; i++) {
            String day = "2026-07-0" + (i + 1);
            String task = created(org, day + "T08:00:00Z");
            if (i % 2 == 0) {
                sequenced.publish(reopened(org, task, "2026-07-20T00:00:00Z"), 2);
                sequenced.publish(completed(org, task, day + "T08:00:00Z", "2026-07-1" + i + "T10:00:00Z"), 1);
            }
            if (i % 3 == 0) {
                sequenced.publish(completed(org, task, day + "T08:00:00Z", "2026-07-21T10:00:00Z"), 3);
            }
        }
        awaitEarlierRecordsCounted(org);
        String before = snapshot(org);
        assertThat(before).contains("2026-07-21");

        ResponseEntity<JsonNode> started = http.postForEntity("/admin/projections/tasks-per-day/replay", null,
                JsonNode.class);
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        // nothing else is published: the rebuild over several topics reaches the live position on its own
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> http.getForObject("/admin/projections/tasks-per-day", JsonNode.class).get("rebuild"),
                        rebuild -> rebuild.get("state").asText().equals("SWAPPED"));

        assertThat(snapshot(org)).isEqualTo(before);
        assertThat(jdbc.queryForObject("select to_regclass('task_completion__rebuild') is null", Boolean.class)).isTrue();
    }

    private String created(String org, String createdAt) {
        String task = id();
        sequenced.publish(new TaskCreatedEvent(org, id(), task, "Task", "creator", Instant.parse(createdAt), null), 0);
        return task;
    }

    private static TaskCompletedEvent completed(String org, String task, String createdAt, String completedAt) {
        return new TaskCompletedEvent(org, "project", task, "Task", "creator", null, Instant.parse(createdAt), "creator",
                Instant.parse(completedAt));
    }

    private static TaskReopenedEvent reopened(String org, String task, String reopenedAt) {
        return new TaskReopenedEvent(org, "project", task, "creator", Instant.parse(reopenedAt));
    }

    /**
     * Waits until every record published so far was counted (its id in processed_event). Not by a last record
     * counted: the processor's segments handle the records of different tasks side by side (docs/scaling.md), so
     * a record published last may be counted first. The sentinel task counts in the year 2000, out of the way.
     * (The processor's Kafka position is no proof either: it is attached to records in fetch order and may claim
     * records of other topics still waiting in the fetch buffer.)
     */
    private void awaitEarlierRecordsCounted(String org) {
        String task = id();
        sequenced.publish(new TaskCreatedEvent(org, id(), task, "sentinel", "s", Instant.parse("2000-01-01T00:00:00Z"),
                null), 0);
        sequenced.publish(completed(org, task, "2000-01-01T00:00:00Z", "2000-01-01T01:00:00Z"), 1);
        sequenced.publish(reopened(org, task, "2000-01-01T02:00:00Z"), 2);
        List<String> published = sequenced.eventIds();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from processed_event where event_id = any(?)", Long.class,
                (Object) published.toArray(String[]::new))).isEqualTo(published.size()));
    }

    /** The organization's daily figures and task completions, every column. */
    private String snapshot(String org) {
        return jdbc.queryForList("select d::text from tasks_per_day d where organization_id = ? order by day",
                String.class, org) + " " + jdbc.queryForList(
                "select c::text from task_completion c where organization_id = ? order by task_id", String.class, org);
    }

    private void member(String org, String user, Role role) {
        events.publish(new MemberAddedEvent(org, user, role, "test", Instant.now()), "test");
    }

    private JsonNode cycleTime(String query, String user, String org) {
        ResponseEntity<JsonNode> response = get("/analytics/cycle-time?" + query, user, org);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody().fieldNames()).toIterable()
                .containsExactlyInAnyOrder("from", "to", "count", "averageHours", "medianHours");
        return response.getBody();
    }

    /** Each day as [created, completed]. */
    private static Map<String, List<Long>> days(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        Map<String, List<Long>> days = new LinkedHashMap<>();
        response.getBody().forEach(day -> {
            assertThat(day.fieldNames()).toIterable().containsExactlyInAnyOrder("date", "created", "completed");
            days.put(day.get("date").asText(), List.of(day.get("created").asLong(), day.get("completed").asLong()));
        });
        return days;
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
