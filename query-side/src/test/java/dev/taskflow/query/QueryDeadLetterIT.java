package dev.taskflow.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.LogCapture;
import dev.taskflow.support.deadletter.ObservedDeadLetterQueue;
import dev.taskflow.support.deadletter.RetryingHandlerEnhancer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Consumer failures of the read side for real: PostgreSQL refuses view rows through a trigger, garbage
 * goes onto the real topic, events arrive twice, the processor is reset and rebuilds. Nothing is mocked.
 */
class QueryDeadLetterIT extends QueryIntegrationTest {

    private static final String GROUP = "task-view";
    private static final String DLQ_TOPIC = Topics.deadLetter("query");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean faultInstalled;

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Configuration axon;

    /** The fault: PostgreSQL refuses a task_view row whose title is listed in {@code query_test_fault}. */
    @BeforeEach
    void installFault() {
        if (faultInstalled) {
            return;
        }
        jdbc.execute("create table if not exists query_test_fault (title text primary key)");
        jdbc.execute("""
                create or replace function query_test_refuse() returns trigger language plpgsql as $$
                begin
                    if exists (select 1 from query_test_fault f where f.title = new.title) then
                        raise exception 'task view refused by fault injection: %', new.title;
                    end if;
                    return new;
                end $$""");
        jdbc.execute("drop trigger if exists query_test_refuse on task_view");
        jdbc.execute("create trigger query_test_refuse before insert on task_view "
                + "for each row execute function query_test_refuse()");
        faultInstalled = true;
    }

    @Test
    void aRefusedTaskIsDeadLetteredItsLaterEventsWaitAndTheReplayKeepsTheirOrder() throws Exception {
        String org = id();
        String taskA = id();
        String refusedTitle = "refused-" + id();
        jdbc.update("insert into query_test_fault (title) values (?)", refusedTitle);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        EnvelopeCodec.Context first = new EnvelopeCodec.Context(id(), now(), "workflow-service", "corr-" + id(),
                traceId, "u");
        EnvelopeCodec.Context second = KafkaTestClient.context("u");
        String otherTask = id();

        try (LogCapture dlqLog = LogCapture.of(ObservedDeadLetterQueue.class);
             LogCapture retryLog = LogCapture.of(RetryingHandlerEnhancer.class)) {
            RecordMetadata refused = events.publish(
                    new TaskCreatedEvent(org, id(), taskA, refusedTitle, "u", first.timestamp(), null), first);
            // the same task again, later: applied first it would win (inserts do nothing once the row exists)
            events.publish(new TaskCreatedEvent(org, id(), taskA, "overtaker", "u", now(), null), second);
            events.publish(new TaskCreatedEvent(org, id(), otherTask, "other", "u", now(), null), "u");

            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(titleOf(otherTask)).isEqualTo("other");
                assertThat(deadLetterIds("task:" + taskA)).containsExactly(first.eventId(), second.eventId());
            });
            assertThat(titleOf(taskA)).isNull();
            assertThat(retryLog.keyValuesWhere("eventId", first.eventId())).hasSize(2);

            JsonNode letter = sequence("task:" + taskA).get("letters").get(0);
            assertThat(letter.get("causeMessage").asText()).contains("task view refused by fault injection");
            assertThat(letter.get("topic").asText()).isEqualTo(Topics.WORKFLOW_TASK_CREATED);
            assertThat(letter.get("partition").asInt()).isEqualTo(refused.partition());
            assertThat(letter.get("offset").asLong()).isEqualTo(refused.offset());
            assertThat(sequence("task:" + taskA).get("letters").get(1).get("kind").asText()).isEqualTo("held-back");

            ConsumerRecord<String, byte[]> onTopic = awaitDeadLetterRecord(first.eventId());
            assertThat(JSON.readTree(onTopic.value()).get("data").get("taskId").asText()).isEqualTo(taskA);
            assertThat(KafkaTestClient.headers(onTopic)).containsEntry("dlq-consumer", "query")
                    .containsEntry("dlq-original-topic", Topics.WORKFLOW_TASK_CREATED)
                    .containsEntry("dlq-original-partition", String.valueOf(refused.partition()))
                    .containsEntry("dlq-original-offset", String.valueOf(refused.offset()));
            assertThat(KafkaTestClient.headers(onTopic).get("dlq-reason")).contains("task view refused by fault injection");

            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(dlqLog.keyValuesWhere("eventId", first.eventId())).hasSize(1));
            assertThat(dlqLog.keyValuesWhere("eventId", first.eventId()).get(0))
                    .containsEntry("msg", "Query event moved to DLQ")
                    .containsEntry("topic", Topics.WORKFLOW_TASK_CREATED)
                    .containsEntry("correlationId", first.correlationId())
                    .containsEntry("traceId", traceId);
            assertThat(dlqLog.messagesWhere("eventId", first.eventId()).get(0)).startsWith("Query event moved to DLQ");
        }

        jdbc.update("delete from query_test_fault where title = ?", refusedTitle);
        replay("?processingGroup=" + GROUP);
        assertThat(deadLetterIds("task:" + taskA)).isEmpty();
        // the first event made the row, the later one found it there: their order held
        assertThat(titleOf(taskA)).isEqualTo(refusedTitle);
        assertThat(sourceEventOf(taskA)).isEqualTo(first.eventId());
        assertThat(rowsOf(taskA)).isEqualTo(1);

        replay("");
        assertThat(titleOf(taskA)).isEqualTo(refusedTitle);
        assertThat(rowsOf(taskA)).isEqualTo(1);
    }

    @Test
    void aPoisonRecordIsParkedAtOnceAndTheNextProjectIsShown() {
        String org = id();
        RecordMetadata poison;
        poison = events.publishRaw(Topics.WORKFLOW_PROJECT_CREATED, org, new byte[] {(byte) 0xff, 0x00, 0x13, 0x37});
        String projectId = id();
        events.publish(new ProjectCreatedEvent(org, projectId, "after the poison", "u", now()), "u");
        String poisonSequence = "poison:" + poison.topic() + "-" + poison.partition() + "@" + poison.offset();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(jdbc.queryForObject("select count(*) from project_view where project_id = ?", Long.class,
                    projectId)).isEqualTo(1);
            assertThat(deadLetterIds(poisonSequence)).hasSize(1);
        });
        JsonNode letter = sequence(poisonSequence).get("letters").get(0);
        assertThat(letter.get("kind").asText()).isEqualTo("poison");
        assertThat(letter.get("topic").asText()).isEqualTo(Topics.WORKFLOW_PROJECT_CREATED);
        assertThat(letter.get("offset").asLong()).isEqualTo(poison.offset());
        assertThat(awaitDeadLetterRecord(letter.get("eventId").asText()).value())
                .isEqualTo(new byte[] {(byte) 0xff, 0x00, 0x13, 0x37});
    }

    @Test
    void duplicatesAndATokenResetRebuildTheSameViews() {
        String org = id();
        TaskCreatedEvent twice = new TaskCreatedEvent(org, id(), id(), "twice", "u", now().minusSeconds(60), null);
        EnvelopeCodec.Context context = events.publish(twice, "u");
        events.publish(twice, context);
        String other = id();
        events.publish(new TaskCreatedEvent(org, id(), other, "once", "u", now(), null), "u");
        String projectId = id();
        events.publish(new ProjectCreatedEvent(org, projectId, "project", "u", now()), "u");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(titleOf(other)).isEqualTo("once");
            assertThat(projectsOf(org)).hasSize(1);
        });
        List<Map<String, Object>> tasksBefore = tasksOf(org);
        List<Map<String, Object>> projectsBefore = projectsOf(org);
        assertThat(tasksBefore).hasSize(2);
        List<String> versionsBefore = rowVersions(org);

        TrackingEventProcessor processor = axon.eventProcessingConfiguration()
                .eventProcessor(GROUP, TrackingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        String marker = id();
        events.publish(new TaskCreatedEvent(org, id(), marker, "marker", "u", now(), null), "u");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(titleOf(marker)).isEqualTo("marker"));

        // rebuilt (every row written anew by the replay), and to the same content: nothing doubled or lost
        List<String> versionsAfter = rowVersions(org);
        assertThat(versionsAfter).hasSize(3).doesNotContainAnyElementsOf(versionsBefore);
        assertThat(tasksOf(org).stream().filter(row -> !marker.equals(row.get("task_id"))).toList())
                .isEqualTo(tasksBefore);
        assertThat(projectsOf(org)).isEqualTo(projectsBefore);
    }

    private List<Map<String, Object>> tasksOf(String org) {
        return jdbc.queryForList("select task_id, project_id, title, status, created_by, created_at, source_event_id "
                + "from task_view where organization_id = ? order by task_id", org);
    }

    private List<Map<String, Object>> projectsOf(String org) {
        return jdbc.queryForList("select project_id, name, created_by, created_at, source_event_id from project_view "
                + "where organization_id = ? order by project_id", org);
    }

    /** The transaction that wrote each task row of the organization: it changes when a row is written again. */
    private List<String> rowVersions(String org) {
        return jdbc.queryForList("select task_id || '/' || xmin::text from task_view where organization_id = ?",
                String.class, org);
    }

    private String titleOf(String taskId) {
        List<String> titles = jdbc.queryForList("select title from task_view where task_id = ?", String.class, taskId);
        return titles.isEmpty() ? null : titles.get(0);
    }

    private String sourceEventOf(String taskId) {
        return jdbc.queryForObject("select source_event_id from task_view where task_id = ?", String.class, taskId);
    }

    private long rowsOf(String taskId) {
        return jdbc.queryForObject("select count(*) from task_view where task_id = ?", Long.class, taskId);
    }

    private List<String> deadLetterIds(String sequence) {
        return jdbc.queryForList("select event_identifier from dead_letter_entry where processing_group = ? "
                + "and sequence_identifier = ? order by sequence_index", String.class, GROUP, sequence);
    }

    private JsonNode sequence(String sequence) {
        JsonNode overview = http.getForObject("/admin/dead-letters?processingGroup=" + GROUP + "&limit=1000",
                JsonNode.class);
        for (JsonNode candidate : overview.get("sequences")) {
            if (sequence.equals(candidate.get("sequenceIdentifier").asText())) {
                return candidate;
            }
        }
        throw new AssertionError("no dead-letter sequence " + sequence + " in " + overview);
    }

    private JsonNode replay(String query) {
        ResponseEntity<JsonNode> response = http.postForEntity("/admin/dead-letters/replay" + query, null, JsonNode.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        return response.getBody();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetterRecord(String eventId) {
        return await().atMost(PATIENCE).until(() -> events.recordsWithHeader(DLQ_TOPIC, "eventId", eventId),
                records -> records.size() == 1).get(0);
    }
}
