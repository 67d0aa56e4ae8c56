package dev.taskflow.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.LogCapture;
import dev.taskflow.support.deadletter.ObservedDeadLetterQueue;
import dev.taskflow.support.deadletter.RetryingHandlerEnhancer;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
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
 * Consumer failures of analytics for real (seed §5.3): PostgreSQL refuses to record chosen events
 * through a trigger, garbage goes onto the real topic, events arrive twice, the processor is reset and
 * recounts. Nothing is mocked.
 */
class AnalyticsDeadLetterIT extends AnalyticsIntegrationTest {

    private static final String GROUP = "tasks-per-day";
    private static final String DLQ_TOPIC = Topics.deadLetter("analytics");
    private static boolean faultInstalled;

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Configuration axon;

    /** The fault: PostgreSQL refuses to record an event id listed in {@code analytics_test_fault}. */
    @BeforeEach
    void installFault() {
        if (faultInstalled) {
            return;
        }
        jdbc.execute("create table if not exists analytics_test_fault (event_id text primary key)");
        jdbc.execute("""
                create or replace function analytics_test_refuse() returns trigger language plpgsql as $$
                begin
                    if exists (select 1 from analytics_test_fault f where f.event_id = new.event_id) then
                        raise exception 'analytics refused by fault injection: %', new.event_id;
                    end if;
                    return new;
                end $$""");
        jdbc.execute("drop trigger if exists analytics_test_refuse on processed_event");
        jdbc.execute("create trigger analytics_test_refuse before insert on processed_event "
                + "for each row execute function analytics_test_refuse()");
        faultInstalled = true;
    }

    @Test
    void aRefusedTaskIsDeadLetteredOthersAreCountedAndTheReplayCountsItOnce() {
        String org = id();
        String taskA = id();
        Instant dayOne = Instant.parse("2026-05-01T10:00:00Z");
        Instant dayTwo = Instant.parse("2026-05-02T10:00:00Z");
        String traceId = UUID.randomUUID().toString().replace("-", "");
        EnvelopeCodec.Context first = new EnvelopeCodec.Context(id(), Instant.now(), "workflow-service",
                "corr-" + id(), traceId, "u");
        EnvelopeCodec.Context second = KafkaTestClient.context("u");
        jdbc.update("insert into analytics_test_fault (event_id) values (?)", first.eventId());

        try (LogCapture dlqLog = LogCapture.of(ObservedDeadLetterQueue.class);
             LogCapture retryLog = LogCapture.of(RetryingHandlerEnhancer.class)) {
            RecordMetadata refused = events.publish(new TaskCreatedEvent(org, id(), taskA, "A", "u", dayOne, null), first);
            // a later event of the same task (its id is not refused): it must wait behind the first
            events.publish(new TaskCreatedEvent(org, id(), taskA, "A again", "u", dayOne, null), second);
            // another task, behind both on the same partition: counted, the consumer moved on
            events.publish(new TaskCreatedEvent(org, id(), id(), "B", "u", dayTwo, null), "u");

            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(count(org, "2026-05-02")).isEqualTo(1);
                assertThat(deadLetterIds("task:" + taskA)).containsExactly(first.eventId(), second.eventId());
            });
            assertThat(count(org, "2026-05-01")).isZero();
            assertThat(processed(second.eventId())).isFalse();
            assertThat(retryLog.keyValuesWhere("eventId", first.eventId())).hasSize(2);

            JsonNode letter = sequence("task:" + taskA).get("letters").get(0);
            assertThat(letter.get("causeMessage").asText()).contains("analytics refused by fault injection");
            assertThat(letter.get("offset").asLong()).isEqualTo(refused.offset());
            assertThat(letter.get("partition").asInt()).isEqualTo(refused.partition());

            ConsumerRecord<String, byte[]> onTopic = awaitDeadLetterRecord(first.eventId());
            assertThat(onTopic.key()).isEqualTo(org);
            assertThat(KafkaTestClient.headers(onTopic)).containsEntry("dlq-consumer", "analytics")
                    .containsEntry("dlq-kind", "failed")
                    .containsEntry("dlq-original-topic", Topics.WORKFLOW_TASK_CREATED)
                    .containsEntry("dlq-original-offset", String.valueOf(refused.offset()));
            assertThat(KafkaTestClient.headers(awaitDeadLetterRecord(second.eventId()))).containsEntry("dlq-kind", "held-back");

            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(dlqLog.keyValuesWhere("eventId", first.eventId())).hasSize(1));
            Map<String, String> line = dlqLog.keyValuesWhere("eventId", first.eventId()).get(0);
            assertThat(line).containsEntry("msg", "Analytics event moved to DLQ")
                    .containsEntry("topic", Topics.WORKFLOW_TASK_CREATED)
                    .containsEntry("correlationId", first.correlationId())
                    .containsEntry("traceId", traceId);
            assertThat(line.get("reason")).contains("analytics refused by fault injection");
        }

        jdbc.update("delete from analytics_test_fault where event_id = ?", first.eventId());
        replay("?processingGroup=" + GROUP);
        assertThat(deadLetterIds("task:" + taskA)).isEmpty();
        assertThat(count(org, "2026-05-01")).isEqualTo(2);
        assertThat(count(org, "2026-05-02")).isEqualTo(1);

        replay("");
        replay("?processingGroup=" + GROUP);
        assertThat(count(org, "2026-05-01")).isEqualTo(2);
        assertThat(count(org, "2026-05-02")).isEqualTo(1);
    }

    @Test
    void aPoisonRecordIsParkedAtOnceAndTheNextTaskIsCounted() throws Exception {
        String org = id();
        // an envelope whose data does not fit TaskCreated
        String badData = "{\"eventId\":\"" + id() + "\",\"eventType\":\"TaskCreated\",\"eventVersion\":\"v1\","
                + "\"data\":\"not an object\"}";
        RecordMetadata poison;
        poison = events.publishRaw(Topics.WORKFLOW_TASK_CREATED, org, badData.getBytes(StandardCharsets.UTF_8));
        events.publish(new TaskCreatedEvent(org, id(), id(), "after", "u", Instant.parse("2026-05-03T10:00:00Z"),
                null), "u");
        String poisonSequence = "poison:" + poison.topic() + "-" + poison.partition() + "@" + poison.offset();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(count(org, "2026-05-03")).isEqualTo(1);
            assertThat(deadLetterIds(poisonSequence)).hasSize(1);
        });
        JsonNode letter = sequence(poisonSequence).get("letters").get(0);
        assertThat(letter.get("kind").asText()).isEqualTo("poison");
        assertThat(letter.get("causeMessage").asText()).contains("data does not match TaskCreated");
        assertThat(new String(awaitDeadLetterRecord(letter.get("eventId").asText()).value(), StandardCharsets.UTF_8))
                .isEqualTo(badData);
    }

    @Test
    void duplicatesAndATokenResetRecountTheSameFigures() {
        String org = id();
        TaskCreatedEvent twice = new TaskCreatedEvent(org, id(), id(), "twice", "u",
                Instant.parse("2026-06-01T08:00:00Z"), null);
        EnvelopeCodec.Context context = events.publish(twice, "u");
        events.publish(twice, context);
        String other = events.publish(new TaskCreatedEvent(org, id(), id(), "once", "u",
                Instant.parse("2026-06-02T08:00:00Z"), null), "u").eventId();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(processed(other)).isTrue());
        Map<String, Long> before = counts(org);
        assertThat(before).containsExactly(Map.entry("2026-06-01", 1L), Map.entry("2026-06-02", 1L));
        Instant firstCounted = processedAt(context.eventId());

        TrackingEventProcessor processor = axon.eventProcessingConfiguration()
                .eventProcessor(GROUP, TrackingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        String marker = events.publish(new TaskCreatedEvent(org, id(), id(), "marker", "u",
                Instant.parse("2026-06-03T08:00:00Z"), null), "u").eventId();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(processed(marker)).isTrue());

        // recounted from offset 0 (the event was recorded anew), to the same figures: nothing doubled
        assertThat(processedAt(context.eventId())).isAfter(firstCounted);
        assertThat(counts(org)).containsExactly(Map.entry("2026-06-01", 1L), Map.entry("2026-06-02", 1L),
                Map.entry("2026-06-03", 1L));
    }

    private Map<String, Long> counts(String org) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        jdbc.query("select day, created from tasks_per_day where organization_id = ? order by day",
                rs -> {
                    counts.put(rs.getDate("day").toLocalDate().toString(), rs.getLong("created"));
                }, org);
        return counts;
    }

    private long count(String org, String day) {
        List<Long> created = jdbc.queryForList("select created from tasks_per_day where organization_id = ? and day = ?",
                Long.class, org, Date.valueOf(LocalDate.parse(day)));
        return created.isEmpty() ? 0 : created.get(0);
    }

    private boolean processed(String eventId) {
        return jdbc.queryForObject("select count(*) from processed_event where event_id = ?", Long.class, eventId) > 0;
    }

    private Instant processedAt(String eventId) {
        return jdbc.queryForObject("select processed_at from processed_event where event_id = ?",
                java.sql.Timestamp.class, eventId).toInstant();
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

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetterRecord(String eventId) {
        return await().atMost(PATIENCE).until(() -> events.recordsWithHeader(DLQ_TOPIC, "eventId", eventId),
                records -> records.size() == 1).get(0);
    }
}
