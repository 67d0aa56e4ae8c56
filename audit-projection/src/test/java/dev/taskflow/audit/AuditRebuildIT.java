package dev.taskflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.Plan;
import dev.taskflow.api.Role;
import dev.taskflow.api.billing.EntitlementsUpdatedEvent;
import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.api.organization.OrganizationCreatedEvent;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Blue-green rebuilds of the audit trail on the service's own port: the rebuild reads Kafka from offset
 * zero into a shadow table while the live trail goes on, and swaps in only once it has caught up; a
 * rebuild that fails or is cancelled leaves the live trail as it was.
 */
class AuditRebuildIT extends AuditIntegrationTest {

    private static final String PROJECTION = "/admin/projections/audit-trail";
    private static final String COLUMNS = """
            event_id, event_type, event_version, source, correlation_id, trace_id, user_id, organization_id,
            entity_type, entity_id, summary, data, occurred_at""";

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void noRebuildLeftRunning() {
        http.postForEntity(PROJECTION + "/rebuild/cancel", null, JsonNode.class);
        jdbc.execute("alter table audit_record drop constraint if exists audit_rebuild_fault");
    }

    @Test
    void aRebuildCatchesUpWhileTheLiveTrailGoesOnAndSwapsInWithoutLosingARecord() {
        String org = id();
        List<String> before = publish(org, 30);
        await().atMost(PATIENCE).until(() -> recorded(org) == 30);

        ResponseEntity<JsonNode> started = http.postForEntity(PROJECTION + "/rebuild?swap=manual", null, JsonNode.class);
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        assertThat(started.getBody().get("rebuild").get("swap").asText()).isEqualTo("MANUAL");
        assertThat(started.getBody().get("rebuild").get("state").asText()).isIn("BUILDING", "READY");
        assertThat(http.postForEntity(PROJECTION + "/rebuild", null, JsonNode.class).getStatusCode().value())
                .as("a second rebuild while one runs").isEqualTo(409);

        // the live trail keeps consuming while the rebuild runs
        List<String> during = publish(org, 20);
        await().atMost(PATIENCE).until(() -> recorded(org) == 50);

        JsonNode ready = await().atMost(PATIENCE).until(() -> rebuild(), r -> r.get("state").asText().equals("READY"));
        assertThat(ready.get("processed").asLong()).isGreaterThanOrEqualTo(ready.get("target").asLong());
        assertThat(ready.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(ready.get("startedBy").isNull()).as("no operator header on this port").isTrue();
        // the shadow holds what the live trail holds for this organization, column for column
        assertThat(difference("audit_record", "audit_record__rebuild", org)).isZero();
        assertThat(difference("audit_record__rebuild", "audit_record", org)).isZero();

        ResponseEntity<JsonNode> swapped = http.postForEntity(PROJECTION + "/rebuild/swap", null, JsonNode.class);
        assertThat(swapped.getStatusCode().value()).isEqualTo(200);
        assertThat(swapped.getBody().get("rebuild").get("state").asText()).isEqualTo("SWAPPED");
        assertThat(swapped.getBody().get("running").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("select to_regclass('audit_record__rebuild') is null", Boolean.class)).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from token_entry where processor_name = 'audit-trail__rebuild'",
                Long.class)).isZero();
        List<String> all = new ArrayList<>(before);
        all.addAll(during);
        assertThat(jdbc.queryForList("select event_id from audit_record where organization_id = ?", String.class, org))
                .containsExactlyInAnyOrderElementsOf(all);
        // the rebuilt table is append-only like the one it replaced
        assertThatThrownBy(() -> jdbc.update("delete from audit_record where event_id = 'none'"))
                .hasStackTraceContaining("append-only");

        // the live processor carries on, on the new table
        String after = publish(org, 1).get(0);
        await().atMost(PATIENCE).until(() -> recorded(org) == 51);
        assertThat(jdbc.queryForObject("select count(*) from audit_record where event_id = ?", Long.class, after))
                .isEqualTo(1);
        assertThat(http.postForEntity(PROJECTION + "/rebuild/swap", null, JsonNode.class).getStatusCode().value())
                .as("nothing left to swap").isEqualTo(404);
    }

    @Test
    void aRebuildOfAQuietTrailOverManyTopicsBecomesReadyWithoutNewEvents() {
        String org = id();
        String owner = id();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        events.publish(new OrganizationCreatedEvent(org, "Quiet", owner, at), owner);
        events.publish(new MemberAddedEvent(org, owner, Role.OWNER, owner, at), owner);
        events.publish(new EntitlementsUpdatedEvent(org, Plan.FREE, 3, 25, at), owner);
        events.publish(new ProjectCreatedEvent(org, id(), "Quiet", owner, at), owner);
        publish(org, 5);
        await().atMost(PATIENCE).until(() -> recorded(org) == 9);

        assertThat(http.postForEntity(PROJECTION + "/rebuild?swap=manual", null, JsonNode.class).getStatusCode().value())
                .isEqualTo(202);
        // nothing else is published: the rebuild must reach the live position on its own
        JsonNode ready = await().atMost(PATIENCE).until(() -> rebuild(), r -> r.get("state").asText().equals("READY"));
        assertThat(ready.get("processed").asLong()).isEqualTo(ready.get("target").asLong());
        assertThat(difference("audit_record", "audit_record__rebuild", org)).isZero();
    }

    @Test
    void aRebuildThatKeepsFailingIsAbandonedAndTheLiveTrailIsUntouched() {
        String org = id();
        String poison = "refused-by-rebuild-" + id();
        // the shadow copies the live table's constraints: an event the live trail refused fails the rebuild too
        jdbc.execute("alter table audit_record add constraint audit_rebuild_fault check (data ->> 'title' is distinct "
                + "from '" + poison + "') not valid");
        events.publish(task(org, poison), "user-1");
        List<String> good = publish(org, 3);
        await().atMost(PATIENCE).until(() -> recorded(org) == 3);

        assertThat(http.postForEntity(PROJECTION + "/rebuild", null, JsonNode.class).getStatusCode().value())
                .isEqualTo(202);
        JsonNode failed = await().atMost(PATIENCE).until(() -> rebuild(), r -> r.get("state").asText().equals("FAILED"));
        assertThat(failed.get("error").asText()).contains("audit_rebuild_fault");
        assertThat(failed.get("finishedAt").isNull()).isFalse();

        assertThat(jdbc.queryForObject("select to_regclass('audit_record__rebuild') is null", Boolean.class)).isTrue();
        assertThat(jdbc.queryForList("select event_id from audit_record where organization_id = ?", String.class, org))
                .containsExactlyInAnyOrderElementsOf(good);
        assertThat(http.getForObject(PROJECTION, JsonNode.class).get("running").asBoolean()).isTrue();
    }

    @Test
    void aCancelledRebuildDropsItsTablesAndRequestsAreChecked() {
        assertThat(http.postForEntity(PROJECTION + "/rebuild?swap=manual", null, JsonNode.class).getStatusCode().value())
                .isEqualTo(202);
        ResponseEntity<JsonNode> cancelled = http.postForEntity(PROJECTION + "/rebuild/cancel", null, JsonNode.class);
        assertThat(cancelled.getStatusCode().value()).isEqualTo(200);
        assertThat(cancelled.getBody().get("rebuild").get("state").asText()).isEqualTo("CANCELLED");
        assertThat(jdbc.queryForObject("select to_regclass('audit_record__rebuild') is null", Boolean.class)).isTrue();

        assertThat(http.postForEntity(PROJECTION + "/rebuild?swap=later", null, JsonNode.class).getStatusCode().value())
                .isEqualTo(400);
        assertThat(http.postForEntity(PROJECTION + "/replay?from=2026-01-01T00:00:00Z", null, JsonNode.class)
                .getStatusCode().value()).isEqualTo(400);
        assertThat(http.postForEntity("/admin/projections/task-view/rebuild", null, JsonNode.class).getStatusCode()
                .value()).isEqualTo(404);
        assertThat(http.postForEntity(PROJECTION + "/rebuild/cancel", null, JsonNode.class).getStatusCode().value())
                .isEqualTo(404);
    }

    private JsonNode rebuild() {
        return http.getForObject(PROJECTION, JsonNode.class).get("rebuild");
    }

    private long difference(String from, String minus, String org) {
        return jdbc.queryForObject("select count(*) from (select " + COLUMNS + " from " + from
                + " where organization_id = ? except select " + COLUMNS + " from " + minus
                + " where organization_id = ?) d", Long.class, org, org);
    }

    private List<String> publish(String org, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(events.publish(task(org, "task " + i), "user-1").eventId());
        }
        return ids;
    }

    private long recorded(String org) {
        return jdbc.queryForObject("select count(*) from audit_record where organization_id = ?", Long.class, org);
    }

    private static TaskCreatedEvent task(String org, String title) {
        return new TaskCreatedEvent(org, id(), id(), title, "user-1", Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
