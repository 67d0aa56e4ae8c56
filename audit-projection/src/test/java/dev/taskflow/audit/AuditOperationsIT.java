package dev.taskflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.infra.KafkaTestClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The operator API of a consumer on its own port (the gateway adds the operator check in front):
 * dead letters one by one, and the event processors with pause and resume.
 */
class AuditOperationsIT extends AuditIntegrationTest {

    private static final String GROUP = "audit-trail";

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void installFault() {
        jdbc.execute("create table if not exists audit_ops_fault (title text primary key)");
        jdbc.execute("""
                create or replace function audit_ops_refuse() returns trigger language plpgsql as $$
                begin
                    if exists (select 1 from audit_ops_fault f where f.title = new.data ->> 'title') then
                        raise exception 'refused by the operations test: %', new.data ->> 'title';
                    end if;
                    return new;
                end $$""");
        jdbc.execute("drop trigger if exists audit_ops_refuse on audit_record");
        jdbc.execute("create trigger audit_ops_refuse before insert on audit_record "
                + "for each row execute function audit_ops_refuse()");
    }

    @AfterEach
    void resumeAndRepair() {
        http.postForEntity("/admin/processors/" + GROUP + "/resume", null, JsonNode.class);
        jdbc.execute("delete from audit_ops_fault");
    }

    @Test
    void deadLettersAreListedRetriedOneByOneAndDiscardedWithAnAuditEntry() {
        String org = id();
        String retried = "retried-" + id();
        String dropped = "dropped-" + id();
        jdbc.update("insert into audit_ops_fault (title) values (?), (?)", retried, dropped);
        String retriedEvent = events.publish(task(org, retried), "user-1").eventId();
        String droppedEvent = events.publish(task(org, dropped), "user-1").eventId();

        List<JsonNode> letters = await().atMost(PATIENCE).until(() -> lettersOf(List.of(retriedEvent, droppedEvent)),
                found -> found.size() == 2);
        JsonNode first = letters.get(0);
        assertThat(first.get("processingGroup").asText()).isEqualTo(GROUP);
        assertThat(first.get("reason").asText()).contains("refused by the operations test");
        assertThat(first.get("topic").asText()).isEqualTo(Topics.WORKFLOW_TASK_CREATED);
        assertThat(first.get("offset").isNumber()).isTrue();
        assertThat(first.get("attempts").asInt()).isEqualTo(3);
        assertThat(first.get("firstFailure").asText()).isNotBlank();
        assertThat(first.get("payload").get("organizationId").asText()).isEqualTo(org);
        assertThat(http.getForEntity("/admin/dlq/analytics", JsonNode.class).getStatusCode().value()).isEqualTo(404);

        // the cause of one is fixed: retrying that letter applies it, the other stays
        jdbc.update("delete from audit_ops_fault where title = ?", retried);
        String retriedId = idOf(letters, retriedEvent);
        ResponseEntity<JsonNode> retry = http.postForEntity("/admin/dlq/audit/" + retriedId + "/retry", null, JsonNode.class);
        assertThat(retry.getStatusCode().value()).isEqualTo(200);
        assertThat(recordCount(retriedEvent)).isEqualTo(1);
        assertThat(lettersOf(List.of(retriedEvent, droppedEvent))).extracting(l -> l.get("eventId").asText())
                .containsExactly(droppedEvent);

        // the other can never be applied: an operator drops it, and the drop is on the record
        String droppedId = idOf(letters, droppedEvent);
        HttpHeaders operator = new HttpHeaders();
        operator.set("X-User-Id", "operator-7");
        ResponseEntity<JsonNode> discard = http.exchange("/admin/dlq/audit/" + droppedId + "/discard", HttpMethod.POST,
                new HttpEntity<>(operator), JsonNode.class);
        assertThat(discard.getStatusCode().value()).isEqualTo(200);
        assertThat(discard.getBody().get("eventId").asText()).isEqualTo(droppedEvent);
        assertThat(lettersOf(List.of(retriedEvent, droppedEvent))).isEmpty();
        assertThat(recordCount(droppedEvent)).isZero();
        ConsumerRecord<String, byte[]> audit = await().atMost(PATIENCE).until(() -> events.recordsWithHeader(
                Topics.deadLetter("audit"), "dlq-action", "discarded").stream()
                .filter(r -> droppedEvent.equals(KafkaTestClient.headers(r).get("eventId"))).toList(), l -> l.size() == 1).get(0);
        assertThat(KafkaTestClient.headers(audit)).containsEntry("dlq-discarded-by", "operator-7")
                .containsKey("dlq-discarded-at");
        assertThat(http.postForEntity("/admin/dlq/audit/" + droppedId + "/discard", null, JsonNode.class)
                .getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void processorsArePausedAndResumedAndUnknownNamesAreNotFound() {
        JsonNode processors = http.getForObject("/admin/processors", JsonNode.class);
        JsonNode trail = find(processors, GROUP);
        assertThat(trail.get("kind").asText()).isEqualTo("tracking");
        assertThat(trail.get("running").asBoolean()).isTrue();
        assertThat(trail.get("lag")).extracting(l -> l.get("topic").asText()).contains(Topics.WORKFLOW_TASK_CREATED);

        String org = id();
        String firstEvent = events.publish(task(org, "first"), "user-1").eventId();
        await().atMost(PATIENCE).until(() -> recordCount(firstEvent) == 1);

        // paused: events wait on Kafka, the lag shows them; resumed: they are applied
        JsonNode paused = http.postForEntity("/admin/processors/" + GROUP + "/pause", null, JsonNode.class).getBody();
        assertThat(paused.get("running").asBoolean()).isFalse();
        String whilePaused = events.publish(task(org, "while paused"), "user-1").eventId();
        await().atMost(PATIENCE).until(() -> lagOf(Topics.WORKFLOW_TASK_CREATED) >= 1);
        assertThat(recordCount(whilePaused)).isZero();
        assertThat(http.postForEntity("/admin/processors/" + GROUP + "/resume", null, JsonNode.class).getBody()
                .get("running").asBoolean()).isTrue();
        await().atMost(PATIENCE).until(() -> recordCount(whilePaused) == 1);

        // unknown names are 404 (rebuilds: AuditRebuildIT)
        assertThat(http.getForEntity("/admin/projections/task-view", JsonNode.class).getStatusCode().value())
                .isEqualTo(404);
        assertThat(http.postForEntity("/admin/processors/nothing-here/pause", null, JsonNode.class)
                .getStatusCode().value()).isEqualTo(404);
    }

    private long lagOf(String topic) {
        JsonNode trail = http.getForObject("/admin/processors/" + GROUP, JsonNode.class);
        for (JsonNode lag : trail.get("lag")) {
            if (lag.get("topic").asText().equals(topic)) {
                return lag.get("records").asLong();
            }
        }
        return -1;
    }

    private List<JsonNode> lettersOf(List<String> eventIds) {
        JsonNode page = http.getForObject("/admin/dlq/audit?size=500", JsonNode.class);
        List<JsonNode> letters = new ArrayList<>();
        page.get("letters").forEach(letter -> {
            if (eventIds.contains(letter.get("eventId").asText())) {
                letters.add(letter);
            }
        });
        return letters;
    }

    private static String idOf(List<JsonNode> letters, String eventId) {
        return letters.stream().filter(l -> l.get("eventId").asText().equals(eventId)).findFirst().orElseThrow()
                .get("id").asText();
    }

    private static JsonNode find(JsonNode processors, String name) {
        for (JsonNode processor : processors) {
            if (processor.get("name").asText().equals(name)) {
                return processor;
            }
        }
        throw new AssertionError("no processor " + name + " in " + processors);
    }

    private long recordCount(String eventId) {
        return jdbc.queryForObject("select count(*) from audit_record where event_id = ?", Long.class, eventId);
    }

    private static TaskCreatedEvent task(String org, String title) {
        return new TaskCreatedEvent(org, id(), id(), title, "user-1", Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
