package dev.taskflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.taskflow.api.Role;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.api.workflow.TaskPriority;
import dev.taskflow.infra.EnvelopeSchemas;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.TestInfrastructure;
import dev.taskflow.support.messaging.EnvelopeKafkaMessageConverter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Issue 6, "Done when" 3: stored TaskCreated events of revision 1 go through the upcaster when the task is
 * loaded (and when the publisher reads them), and both kinds of consumers keep working on Kafka: a v2
 * reader (our {@code EnvelopeCodec}, behind every projection's Kafka source) reads a v1 envelope, a
 * reader written for v1 (ignoring unknown fields) reads the v2 envelope the command side now publishes.
 */
class EventEvolutionIT extends CommandSideIntegrationTest {

    private static final String TASK_CREATED = "dev.taskflow.api.workflow.TaskCreatedEvent";
    private static final String TASK_ASSIGNED = "dev.taskflow.api.workflow.TaskAssignedEvent";

    @Autowired
    org.axonframework.config.Configuration axon;
    @Autowired
    EventStore eventStore;

    private final KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers());
    private final String organizationId = UUID.randomUUID().toString();
    private final String userId = UUID.randomUUID().toString();
    private final String assignee = UUID.randomUUID().toString();
    private final String taskId = UUID.randomUUID().toString();
    private final Instant createdAt = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void membersOfAFreshOrganization() {
        becomeMember(organizationId, userId, Role.MEMBER);
        becomeMember(organizationId, assignee, Role.MEMBER);
    }

    @AfterEach
    void closeKafkaClient() {
        kafka.close();
    }

    @Test
    void storedRevision1EventsAreUpcastWhenTheTaskIsLoadedAndCommandsWorkOnIt() {
        storeAsBeforeV2();

        // the chain Axon's event store reads with turns the stored row into revision 2
        IntermediateEventRepresentation upcast = upcastStoredRow(0);
        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        assertThat(upcast.getData(JsonNode.class).getData().get("priority").asText()).isEqualTo("NORMAL");
        EventMessage<?> loaded = eventStore.readEvents(taskId).asStream().findFirst().orElseThrow();
        assertThat(loaded.getPayload()).isEqualTo(new TaskCreatedEvent(organizationId, "legacy-project", taskId,
                "Written before priorities", userId, createdAt, "kept", TaskPriority.NORMAL));

        // commands load the task from the old events and append after them
        ResponseEntity<String> edited = exchange(HttpMethod.PATCH, "/workflow/tasks/" + taskId,
                Map.of("title", "Edited after v2"), headers(organizationId, userId));
        ResponseEntity<String> completed = post("/workflow/tasks/" + taskId + "/complete", null,
                headers(organizationId, userId));

        assertThat(edited.getStatusCode().value()).as(edited.getBody()).isEqualTo(200);
        JsonNode state = read(edited.getBody());
        assertThat(state.get("priority").asText()).isEqualTo("NORMAL");
        assertThat(state.get("description").asText()).isEqualTo("kept");
        assertThat(state.get("assigneeId").asText()).isEqualTo(assignee);
        assertThat(state.get("version").asLong()).isEqualTo(2);
        assertThat(completed.getStatusCode().value()).as(completed.getBody()).isEqualTo(200);
        assertThat(read(completed.getBody()).get("version").asLong()).isEqualTo(3);
        // the stored rows are never rewritten: history stays revision 1, upcasting happens on every read
        assertThat(stream(taskId)).extracting(e -> e.simpleType() + "@" + e.payloadRevision()).containsExactly(
                "TaskCreatedEvent@1", "TaskAssignedEvent@1", "TaskEditedEvent@1", "TaskCompletedEvent@1");
        assertThat(stream(taskId).get(0).payload().has("priority")).isFalse();
    }

    @Test
    void aStoredRevision1EventIsPublishedAsV2AndAReaderWrittenForV1ReadsIt() throws Exception {
        storeAsBeforeV2();

        // the publisher reads the store through the upcaster too
        ConsumerRecord<String, byte[]> record = await().atMost(EVENTUALLY).until(() -> kafka.readAll(Topics.WORKFLOW_TASK_CREATED)
                        .stream().filter(r -> taskId.equals(read(r.value()).get("data").get("taskId").asText())).toList(),
                l -> !l.isEmpty()).get(0);
        JsonNode envelope = read(record.value());
        assertThat(new EnvelopeSchemas().problems(record.value())).isEmpty();
        assertThat(envelope.get("eventVersion").asText()).isEqualTo("v2");
        assertThat(KafkaTestClient.headers(record)).containsEntry("eventVersion", "v2");
        assertThat(envelope.get("data").get("priority").asText()).isEqualTo("NORMAL");
        assertThat(envelope.get("correlationId").asText()).isEqualTo("legacy-" + taskId);

        // a consumer written for v1: its own record of the v1 fields, unknown fields ignored
        ObjectMapper v1Reader = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        TaskCreatedV1 asV1 = v1Reader.treeToValue(envelope.get("data"), TaskCreatedV1.class);
        assertThat(asV1).isEqualTo(new TaskCreatedV1(organizationId, "legacy-project", taskId, "Written before priorities",
                userId, createdAt, "kept"));
    }

    @Test
    void aV1EnvelopeStillOnTheTopicIsReadByTheV2ConsumersWithNormalPriority() throws Exception {
        // what the command side published before v2, still on the topic (topics keep their history)
        byte[] v1 = """
                {"eventId":"%s","eventType":"TaskCreated","eventVersion":"v1","timestamp":"%s",
                 "source":"workflow-service","correlationId":"old-%s","traceId":null,"userId":"%s","organizationId":"%s",
                 "data":{"organizationId":"%s","projectId":"p-old","taskId":"%s","title":"Published as v1",
                         "createdBy":"%s","createdAt":"%s"}}"""
                .formatted(UUID.randomUUID(), createdAt, taskId, userId, organizationId, organizationId, taskId, userId,
                        createdAt).getBytes(StandardCharsets.UTF_8);
        assertThat(new EnvelopeSchemas().problems(v1)).isEmpty();
        RecordMetadata written = kafka.publishRaw(Topics.WORKFLOW_TASK_CREATED, organizationId, v1);
        ConsumerRecord<String, byte[]> record = kafka.readAll(Topics.WORKFLOW_TASK_CREATED).stream()
                .filter(r -> r.partition() == written.partition() && r.offset() == written.offset()).findFirst().orElseThrow();

        // the converter every projection's Kafka source uses (EnvelopeCodec inside)
        EventMessage<?> read = new EnvelopeKafkaMessageConverter("test").readKafkaMessage(record).orElseThrow();

        assertThat(read.getPayload()).isEqualTo(new TaskCreatedEvent(organizationId, "p-old", taskId, "Published as v1",
                userId, createdAt, null, TaskPriority.NORMAL));
        assertThat(read.getMetaData()).containsEntry("correlationId", "old-" + taskId);
    }

    /** The v1 shape of TaskCreated's data, as a consumer built before v2 declares it. */
    record TaskCreatedV1(String organizationId, String projectId, String taskId, String title, String createdBy,
                         Instant createdAt, String description) {
    }

    /**
     * Writes the task's first two events as the command side stored them before TaskCreated v2: the JSON
     * of the v1 record (no priority), payload revision 1, the request context as metadata.
     */
    private void storeAsBeforeV2() {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> metaData = Map.of("correlationId", "legacy-" + taskId, "userId", userId,
                "organizationId", organizationId);
        String created = json.createObjectNode().put("organizationId", organizationId).put("projectId", "legacy-project")
                .put("taskId", taskId).put("title", "Written before priorities").put("createdBy", userId)
                .put("createdAt", createdAt.toString()).put("description", "kept").toString();
        String assigned = json.createObjectNode().put("organizationId", organizationId).put("projectId", "legacy-project")
                .put("taskId", taskId).put("title", "Written before priorities").put("assigneeId", assignee)
                .putNull("previousAssigneeId").put("assignedBy", userId).put("assignedAt", createdAt.plusSeconds(60).toString())
                .toString();
        storeAsAxonWould(taskId, 0, TASK_CREATED, "1", created, metaData, createdAt);
        storeAsAxonWould(taskId, 1, TASK_ASSIGNED, "1", assigned, metaData, createdAt.plusSeconds(60));
    }

    /** The stored row of {@code sequenceNumber} through the upcaster chain Axon configured for the event store. */
    private IntermediateEventRepresentation upcastStoredRow(long sequenceNumber) {
        GenericDomainEventEntry<byte[]> row = jdbc.queryForObject("""
                        select type, aggregate_identifier, sequence_number, event_identifier, time_stamp, payload_type,
                               payload_revision, payload, meta_data
                        from domain_event_entry where aggregate_identifier = ? and sequence_number = ?""",
                (rs, i) -> new GenericDomainEventEntry<>(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getBytes(8), rs.getBytes(9)),
                taskId, sequenceNumber);
        List<IntermediateEventRepresentation> upcast = axon.upcasterChain()
                .upcast(Stream.of(new InitialEventRepresentation(row, eventSerializer))).toList();
        assertThat(upcast).hasSize(1);
        return upcast.get(0);
    }
}
