package dev.taskflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.infra.EmbeddedPostgresServer;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.LogCapture;
import dev.taskflow.infra.TestInfrastructure;
import dev.taskflow.support.deadletter.ObservedDeadLetterQueue;
import dev.taskflow.support.deadletter.RetryingHandlerEnhancer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Consumer failures for real (seed §5.2): the audit table refuses inserts through a trigger in the real
 * PostgreSQL, garbage goes onto the real topic, events arrive twice, the processor is reset. Nothing is
 * mocked.
 */
class AuditDeadLetterIT extends AuditIntegrationTest {

    private static final String GROUP = "audit-trail";
    private static final String DLQ_TOPIC = Topics.deadLetter("audit");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean faultInstalled;

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Configuration axon;

    /**
     * The fault: a trigger that makes PostgreSQL refuse to insert an audit record whose title is listed in
     * {@code audit_test_fault}. Listing a title breaks the database for that event; deleting it repairs it.
     */
    @BeforeEach
    void installFault() {
        if (faultInstalled) {
            return;
        }
        jdbc.execute("create table if not exists audit_test_fault (title text primary key)");
        jdbc.execute("create table if not exists audit_test_outage (title text primary key)");
        jdbc.execute("""
                create or replace function audit_test_refuse() returns trigger language plpgsql as $$
                begin
                    if exists (select 1 from audit_test_fault f where f.title = new.data ->> 'title') then
                        raise exception 'audit insert refused by fault injection: %', new.data ->> 'title';
                    end if;
                    if exists (select 1 from audit_test_outage o where o.title = new.data ->> 'title') then
                        raise exception 'connection failure by fault injection: %', new.data ->> 'title'
                            using errcode = 'connection_failure';
                    end if;
                    return new;
                end $$""");
        jdbc.execute("drop trigger if exists audit_test_refuse on audit_record");
        jdbc.execute("create trigger audit_test_refuse before insert on audit_record "
                + "for each row execute function audit_test_refuse()");
        faultInstalled = true;
    }

    @Test
    void aRefusedEventIsRetriedDeadLetteredHeldInOrderAndReplayedExactlyOnce() throws Exception {
        String org = id();
        String taskA = id();
        String refusedTitle = "refused-" + id();
        jdbc.update("insert into audit_test_fault (title) values (?)", refusedTitle);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        EnvelopeCodec.Context first = new EnvelopeCodec.Context(id(), now(), "workflow-service", "corr-" + id(),
                traceId, "user-1");
        EnvelopeCodec.Context second = new EnvelopeCodec.Context(id(), now().plusSeconds(1), "workflow-service",
                "corr-" + id(), null, "user-1");
        String otherTask = id();

        try (LogCapture dlqLog = LogCapture.of(ObservedDeadLetterQueue.class);
             LogCapture retryLog = LogCapture.of(RetryingHandlerEnhancer.class)) {
            RecordMetadata refused = events.publish(
                    new TaskCreatedEvent(org, id(), taskA, refusedTitle, "user-1", first.timestamp(), null), first);
            // a later event of the same task: it would be accepted, but must not overtake the refused one
            RecordMetadata heldBack = events.publish(
                    new TaskCreatedEvent(org, id(), taskA, "accepted", "user-1", second.timestamp(), null), second);
            // a later event of another task, behind both on the same partition: the consumer must move on to it
            String otherEventId = events.publish(
                    new TaskCreatedEvent(org, id(), otherTask, "other", "user-1", now(), null), "user-1").eventId();

            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(recordCount(otherEventId)).isEqualTo(1);
                assertThat(deadLetterIds(org + ":task:" + taskA)).containsExactly(first.eventId(), second.eventId());
            });
            assertThat(recordCount(first.eventId())).isZero();
            assertThat(recordCount(second.eventId())).isZero();

            // the Axon queue: reason of the failure, the later event without one, same sequence in order
            Map<String, Object> failed = jdbc.queryForMap("select cause_type, cause_message, sequence_identifier "
                    + "from dead_letter_entry where processing_group = ? and event_identifier = ?", GROUP, first.eventId());
            assertThat((String) failed.get("cause_message")).contains("audit insert refused by fault injection");
            assertThat((String) failed.get("cause_type")).startsWith("org.springframework.");

            // the admin view: reason and where the record was read
            JsonNode sequence = sequence(org + ":task:" + taskA);
            JsonNode letter = sequence.get("letters").get(0);
            assertThat(letter.get("eventId").asText()).isEqualTo(first.eventId());
            assertThat(letter.get("kind").asText()).isEqualTo("failed");
            assertThat(letter.get("causeMessage").asText()).contains("audit insert refused by fault injection");
            assertThat(letter.get("topic").asText()).isEqualTo(Topics.WORKFLOW_TASK_CREATED);
            assertThat(letter.get("partition").asInt()).isEqualTo(refused.partition());
            assertThat(letter.get("offset").asLong()).isEqualTo(refused.offset());
            assertThat(letter.get("correlationId").asText()).isEqualTo(first.correlationId());
            assertThat(letter.get("traceId").asText()).isEqualTo(traceId);
            assertThat(letter.get("diagnostics").get("attempts").asInt()).isEqualTo(3);
            JsonNode waiting = sequence.get("letters").get(1);
            assertThat(waiting.get("eventId").asText()).isEqualTo(second.eventId());
            assertThat(waiting.get("kind").asText()).isEqualTo("held-back");
            assertThat(waiting.get("offset").asLong()).isEqualTo(heldBack.offset());

            // retried twice with back-off before giving up (3 attempts in all)
            assertThat(retryLog.keyValuesWhere("eventId", first.eventId())).hasSize(2);

            // the dead-letter topic: the original envelope, key and where it came from
            ConsumerRecord<String, byte[]> onTopic = awaitDeadLetterRecord(first.eventId());
            assertThat(onTopic.key()).isEqualTo(org);
            assertThat(JSON.readTree(onTopic.value()).get("eventId").asText()).isEqualTo(first.eventId());
            assertThat(JSON.readTree(onTopic.value()).get("data").get("title").asText()).isEqualTo(refusedTitle);
            Map<String, String> headers = KafkaTestClient.headers(onTopic);
            assertThat(headers).containsEntry("dlq-kind", "failed")
                    .containsEntry("dlq-consumer", "audit")
                    .containsEntry("dlq-processing-group", GROUP)
                    .containsEntry("dlq-original-topic", Topics.WORKFLOW_TASK_CREATED)
                    .containsEntry("dlq-original-partition", String.valueOf(refused.partition()))
                    .containsEntry("dlq-original-offset", String.valueOf(refused.offset()))
                    .containsEntry("correlationId", first.correlationId());
            assertThat(headers.get("dlq-reason")).contains("audit insert refused by fault injection");
            assertThat(KafkaTestClient.headers(awaitDeadLetterRecord(second.eventId()))).containsEntry("dlq-kind", "held-back")
                    .containsEntry("dlq-original-offset", String.valueOf(heldBack.offset()));

            // the structured log line, key-values and text
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(dlqLog.keyValuesWhere("eventId", first.eventId())).hasSize(1));
            Map<String, String> line = dlqLog.keyValuesWhere("eventId", first.eventId()).get(0);
            assertThat(line).containsEntry("msg", "Audit event moved to DLQ")
                    .containsEntry("topic", Topics.WORKFLOW_TASK_CREATED)
                    .containsEntry("correlationId", first.correlationId())
                    .containsEntry("traceId", traceId);
            assertThat(line.get("reason")).contains("audit insert refused by fault injection");
            assertThat(dlqLog.messagesWhere("eventId", first.eventId()).get(0))
                    .startsWith("Audit event moved to DLQ")
                    .contains(first.eventId(), Topics.WORKFLOW_TASK_CREATED, first.correlationId(), traceId,
                            "audit insert refused by fault injection");
        }

        // while the fault lasts, a replay changes nothing: the letters stay, with the new failure
        replay("?processingGroup=" + GROUP + "&sequence=" + org + ":task:" + taskA);
        assertThat(deadLetterIds(org + ":task:" + taskA)).containsExactly(first.eventId(), second.eventId());
        assertThat(recordCount(first.eventId())).isZero();

        // repaired: the replay applies both, in their order, exactly once
        jdbc.update("delete from audit_test_fault where title = ?", refusedTitle);
        JsonNode result = replay("");
        assertThat(result.get("sequencesReplayed").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(deadLetterIds(org + ":task:" + taskA)).isEmpty();
        List<String> trail = jdbc.queryForList("select event_id from audit_record where entity_id = ? order by id",
                String.class, taskA);
        assertThat(trail).containsExactly(first.eventId(), second.eventId());

        // replaying again changes nothing
        replay("");
        replay("?processingGroup=" + GROUP);
        assertThat(jdbc.queryForList("select event_id from audit_record where entity_id = ? order by id",
                String.class, taskA)).containsExactly(first.eventId(), second.eventId());
    }

    /**
     * The database answers with a connection failure (SQL state 08006): not the event's fault, and the
     * queue lives in that database. The event must not be parked but retried until the database answers,
     * then applied once.
     */
    @Test
    void aConnectionFailureIsNotDeadLetteredButRetriedUntilTheDatabaseIsBack() {
        String org = id();
        String title = "outage-" + id();
        jdbc.update("insert into audit_test_outage (title) values (?)", title);
        String taskId = id();
        try (LogCapture retryLog = LogCapture.of(RetryingHandlerEnhancer.class);
             LogCapture processorLog = LogCapture.of(TrackingEventProcessor.class)) {
            String eventId = events.publish(new TaskCreatedEvent(org, id(), taskId, title, "u", now(), null), "u")
                    .eventId();
            // the handler met the failure, gave up its retries, and the processor went into its own retry mode
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(retryLog.keyValuesWhere("eventId", eventId)).hasSizeGreaterThanOrEqualTo(4);
                assertThat(processorLog.messagesContaining("preparing for retry")).isNotEmpty();
            });
            assertThat(jdbc.queryForObject("select count(*) from dead_letter_entry where event_identifier = ?",
                    Long.class, eventId)).isZero();
            assertThat(recordCount(eventId)).isZero();

            jdbc.update("delete from audit_test_outage where title = ?", title);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(recordCount(eventId)).isEqualTo(1));
            assertThat(jdbc.queryForObject("select count(*) from dead_letter_entry where event_identifier = ?",
                    Long.class, eventId)).isZero();
            assertThat(events.readAll(DLQ_TOPIC)).noneMatch(r -> eventId.equals(KafkaTestClient.headers(r).get("eventId")));
        }
    }

    /**
     * Seed §5.2 with the database really gone: PostgreSQL refuses every connection to the service's
     * database for a while. Nothing can be parked (the queue is in that database) and nothing is skipped:
     * the processor retries, and once the database accepts connections again the trail catches up from
     * Kafka by itself, each event once.
     */
    @Test
    void whileTheDatabaseRefusesConnectionsNothingIsSkippedAndTheTrailCatchesUp() throws Exception {
        String org = id();
        String eventId;
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://localhost:"
                + TestInfrastructure.postgres().port() + "/postgres", EmbeddedPostgresServer.USER, "");
             Statement sql = admin.createStatement();
             LogCapture processorLog = LogCapture.of(TrackingEventProcessor.class)) {
            sql.execute("alter database " + EmbeddedPostgresServer.DATABASE + " allow_connections false");
            try {
                sql.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                        + EmbeddedPostgresServer.DATABASE + "'");
                eventId = events.publish(new TaskCreatedEvent(org, id(), id(), "during the outage", "u", now(), null),
                        "u").eventId();
                // the connections broke, and a new one was refused: the processor is retrying, not skipping
                await().atMost(PATIENCE).untilAsserted(() ->
                        assertThat(processorLog.messagesContaining("preparing for retry")).hasSizeGreaterThanOrEqualTo(2));
            } finally {
                sql.execute("alter database " + EmbeddedPostgresServer.DATABASE + " allow_connections true");
            }
        }
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(recordCount(eventId)).isEqualTo(1));
        assertThat(jdbc.queryForObject("select count(*) from dead_letter_entry where event_identifier = ?",
                Long.class, eventId)).isZero();
        assertThat(events.readAll(DLQ_TOPIC)).noneMatch(r -> eventId.equals(KafkaTestClient.headers(r).get("eventId")));
    }

    @Test
    void poisonRecordsGoStraightToTheQueueAndTheNextRecordIsProcessed() throws Exception {
        String org = id();
        byte[] garbage = ("{not json at all " + id()).getBytes(StandardCharsets.UTF_8);
        String envelopeWithoutData = "{\"eventId\":\"" + id() + "\",\"eventType\":\"TaskCreated\",\"eventVersion\":\"v1\"}";
        RecordMetadata first;
        RecordMetadata second;
        first = events.publishRaw(Topics.WORKFLOW_TASK_CREATED, org, garbage);
        second = events.publishRaw(Topics.WORKFLOW_TASK_CREATED, org, envelopeWithoutData.getBytes(StandardCharsets.UTF_8));
        String next = events.publish(new TaskCreatedEvent(org, id(), id(), "after the poison", "u", now(), null), "u")
                .eventId();
        String garbageSequence = "poison:" + coordinates(first);
        String missingDataSequence = "poison:" + coordinates(second);

        try (LogCapture retryLog = LogCapture.of(RetryingHandlerEnhancer.class)) {
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(recordCount(next)).isEqualTo(1);
                assertThat(deadLetterIds(garbageSequence)).hasSize(1);
                assertThat(deadLetterIds(missingDataSequence)).hasSize(1);
            });
            String poisonId = deadLetterIds(garbageSequence).get(0);
            assertThat(jdbc.queryForObject("select cause_type from dead_letter_entry where event_identifier = ?",
                    String.class, poisonId)).endsWith("PoisonRecordException");
            assertThat(retryLog.keyValuesWhere("eventId", poisonId)).isEmpty();

            JsonNode letter = sequence(garbageSequence).get("letters").get(0);
            assertThat(letter.get("kind").asText()).isEqualTo("poison");
            assertThat(letter.get("diagnostics").get("attempts").asInt()).isEqualTo(1);
            assertThat(letter.get("causeMessage").asText()).contains("Not a valid event envelope");
            assertThat(letter.get("offset").asLong()).isEqualTo(first.offset());

            ConsumerRecord<String, byte[]> onTopic = awaitDeadLetterRecord(poisonId);
            assertThat(onTopic.value()).isEqualTo(garbage);
            assertThat(onTopic.key()).isEqualTo(org);
            assertThat(KafkaTestClient.headers(onTopic)).containsEntry("dlq-kind", "poison")
                    .containsEntry("dlq-original-topic", Topics.WORKFLOW_TASK_CREATED)
                    .containsEntry("dlq-original-offset", String.valueOf(first.offset()));
        }

        // no replay can apply a poison record: it stays; the operator drops it instead
        JsonNode result = replay("?processingGroup=" + GROUP + "&sequence=" + garbageSequence);
        assertThat(result.get("sequencesFailed").asInt()).isEqualTo(1);
        assertThat(deadLetterIds(garbageSequence)).hasSize(1);
        ResponseEntity<JsonNode> dropped = http.exchange("/admin/dead-letters?processingGroup=" + GROUP + "&sequence="
                + garbageSequence, HttpMethod.DELETE, null, JsonNode.class);
        assertThat(dropped.getStatusCode().value()).isEqualTo(200);
        assertThat(dropped.getBody().get("lettersRemoved").asInt()).isEqualTo(1);
        assertThat(deadLetterIds(garbageSequence)).isEmpty();
        assertThat(http.exchange("/admin/dead-letters?processingGroup=" + GROUP + "&sequence=" + garbageSequence,
                HttpMethod.DELETE, null, JsonNode.class).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void duplicatesAndATokenResetLeaveTheTrailAsWithOneDelivery() throws Exception {
        String org = id();
        TaskCreatedEvent created = new TaskCreatedEvent(org, id(), id(), "twice", "u", now(), null);
        EnvelopeCodec.Context context = events.publish(created, "u");
        events.publish(created, context);
        // and a record parked in the dead-letter queue: the replay from offset 0 meets it again
        RecordMetadata parked;
        parked = events.publishRaw(Topics.WORKFLOW_TASK_CREATED, org, "[\"not an envelope\"]".getBytes(StandardCharsets.UTF_8));
        String parkedSequence = "poison:" + coordinates(parked);
        String other = events.publish(new TaskCreatedEvent(org, id(), id(), "once", "u", now(), null), "u").eventId();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(recordCount(other)).isEqualTo(1);
            assertThat(deadLetterIds(parkedSequence)).hasSize(1);
        });
        List<Map<String, Object>> before = trailOf(org);
        // two tasks, so maybe two segments side by side (docs/scaling.md): their records' order is not the topic's
        assertThat(before).extracting(row -> row.get("event_id")).containsExactlyInAnyOrder(context.eventId(), other);

        try (LogCapture projectionLog = LogCapture.of("dev.taskflow.audit.trail.AuditTrailProjection")) {
            TrackingEventProcessor processor = axon.eventProcessingConfiguration()
                    .eventProcessor(GROUP, TrackingEventProcessor.class).orElseThrow();
            processor.shutDown();
            processor.resetTokens();
            processor.start();
            String marker = events.publish(new TaskCreatedEvent(org, id(), id(), "marker", "u", now(), null), "u")
                    .eventId();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(recordCount(marker)).isEqualTo(1));
            // the replay did meet the old events again (from offset 0), and added nothing for them
            assertThat(projectionLog.messagesContaining("eventId=" + context.eventId())).isNotEmpty();
            assertThat(projectionLog.messagesContaining("eventId=" + other)).isNotEmpty();
            List<Map<String, Object>> after = trailOf(org);
            assertThat(after.subList(0, 2)).isEqualTo(before);
            assertThat(after).hasSize(3);
            // the parked record was met again but is not queued twice
            assertThat(deadLetterIds(parkedSequence)).hasSize(1);
        }
    }

    @Test
    void theAdminEndpointNamesWhatItDoesNotKnow() {
        assertThat(http.getForEntity("/admin/dead-letters?processingGroup=nope", JsonNode.class).getStatusCode().value())
                .isEqualTo(404);
        assertThat(http.getForEntity("/admin/dead-letters?limit=0", JsonNode.class).getStatusCode().value())
                .isEqualTo(400);
        JsonNode overview = http.getForObject("/admin/dead-letters", JsonNode.class);
        assertThat(overview.get("consumer").asText()).isEqualTo("audit");
        assertThat(overview.get("deadLetterTopic").asText()).isEqualTo(DLQ_TOPIC);
    }

    private List<Map<String, Object>> trailOf(String org) {
        return jdbc.queryForList("select id, event_id, summary, recorded_at from audit_record where organization_id = ? "
                + "order by id", org);
    }

    private long recordCount(String eventId) {
        return jdbc.queryForObject("select count(*) from audit_record where event_id = ?", Long.class, eventId);
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

    private static String coordinates(RecordMetadata metadata) {
        return metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset();
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
