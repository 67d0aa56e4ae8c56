package dev.taskflow.api.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.Plan;
import dev.taskflow.api.Role;
import dev.taskflow.api.billing.EntitlementsUpdatedEvent;
import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.api.organization.MemberRemovedEvent;
import dev.taskflow.api.organization.OrganizationCreatedEvent;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskArchivedEvent;
import dev.taskflow.api.workflow.TaskAssignedEvent;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.api.workflow.TaskEditedEvent;
import dev.taskflow.api.workflow.TaskPriority;
import dev.taskflow.api.workflow.TaskReopenedEvent;
import dev.taskflow.api.workflow.TaskUnassignedEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EnvelopeCodecTest {

    private static final Instant AT = Instant.parse("2026-11-28T10:15:30.123Z");
    private static final Path SCHEMAS = Path.of("../docs/events");

    private final EnvelopeCodec codec = new EnvelopeCodec();

    static Stream<OrganizationScoped> samples() {
        return Stream.of(
                new TaskCreatedEvent("o1", "p1", "t1", "Write docs", "u1", AT, null),
                new TaskCreatedEvent("o1", "p1", "t2", "Write docs", "u1", AT, "with a description"),
                new TaskCreatedEvent("o1", "p1", "t3", "Urgent", "u1", AT, null, TaskPriority.HIGH),
                new ProjectCreatedEvent("o1", "p1", "Launch", "u1", AT),
                new OrganizationCreatedEvent("o1", "Acme", "u1", AT),
                new MemberAddedEvent("o1", "u2", Role.ADMIN, "u1", AT),
                new MemberRemovedEvent("o1", "u2", "u1", AT),
                new EntitlementsUpdatedEvent("o1", Plan.TEAM, 50, 10_000, AT),
                new TaskEditedEvent("o1", "p1", "t1", "Write the docs", null, "u1", AT),
                new TaskAssignedEvent("o1", "p1", "t1", "Write the docs", "u2", null, "u1", AT),
                new TaskUnassignedEvent("o1", "p1", "t1", "u2", "u1", AT),
                new TaskCompletedEvent("o1", "p1", "t1", "Write the docs", "u1", "u2", AT, "u2", AT),
                new TaskReopenedEvent("o1", "p1", "t1", "u1", AT),
                new TaskArchivedEvent("o1", "p1", "t1", "OPEN", "u1", AT));
    }

    @Test
    void everyIntegrationEventTypeHasASchemaAndATopic() {
        assertThat(Arrays.stream(IntegrationEventType.values()).map(IntegrationEventType::topic)).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(samples().map(e -> e.getClass()).distinct()).hasSize(IntegrationEventType.values().length);
        for (IntegrationEventType type : IntegrationEventType.values()) {
            assertThat(SCHEMAS.resolve(type.eventType() + "." + type.eventVersion() + ".schema.json")).exists();
            // topics keep their history: every version still readable keeps its schema
            for (String earlier : type.earlierVersions()) {
                assertThat(SCHEMAS.resolve(type.eventType() + "." + earlier + ".schema.json")).exists();
            }
        }
        assertThat(IntegrationEventType.TASK_CREATED.eventVersion()).isEqualTo("v2");
        assertThat(IntegrationEventType.TASK_CREATED.earlierVersions()).containsExactly("v1");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void envelopesValidateAgainstTheirPublishedSchemaAndReadBack(OrganizationScoped event) throws Exception {
        byte[] json = codec.write(codec.envelope(event, new EnvelopeCodec.Context(
                "5f1c2d0e-8a4b-4f43-9a51-2b7e0f7d9a10", AT, "test", "corr-1", "4bf92f3577b34da6a3ce929d0e0e4736", "u1")));

        assertThat(schemaProblems(json)).isEmpty();
        EnvelopeCodec.Decoded decoded = codec.read(json).orElseThrow();
        assertThat(decoded.payload()).isEqualTo(event);
        assertThat(decoded.envelope().organizationId()).isEqualTo("o1");
    }

    @Test
    void taskCreatedV2DataHoldsTheSeedFieldsInOrderAndThePriorityWhenNoDescriptionIsGiven() throws Exception {
        byte[] json = codec.write(codec.envelope(new TaskCreatedEvent("o1", "p1", "t1", "Write docs", "u1", AT, null),
                new EnvelopeCodec.Context("e1", AT, "workflow-service", "c1", null, "u1")));
        JsonNode envelope = new ObjectMapper().readTree(json);
        JsonNode data = envelope.get("data");
        List<String> fields = new java.util.ArrayList<>();
        data.fieldNames().forEachRemaining(fields::add);
        assertThat(envelope.get("eventVersion").asText()).isEqualTo("v2");
        assertThat(fields).containsExactly("organizationId", "projectId", "taskId", "title", "createdBy", "createdAt",
                "priority");
        // the constructor of the v1 shape defaults the priority
        assertThat(data.get("priority").asText()).isEqualTo("NORMAL");
        assertThat(data.get("createdAt").asText()).isEqualTo("2026-11-28T10:15:30.123Z");
    }

    /** What the command side published before v2, byte for byte in shape: a v2 reader (this codec) reads it. */
    @Test
    void aV2ReaderReadsAStoredV1EnvelopeWithTheDefaultPriority() throws Exception {
        byte[] v1 = """
                {"eventId":"5f1c2d0e-8a4b-4f43-9a51-2b7e0f7d9a10","eventType":"TaskCreated","eventVersion":"v1",
                 "timestamp":"2026-11-28T10:15:30.123Z","source":"workflow-service","correlationId":"c1",
                 "traceId":"4bf92f3577b34da6a3ce929d0e0e4736","userId":"u1","organizationId":"o1",
                 "data":{"organizationId":"o1","projectId":"p1","taskId":"t1","title":"Write docs",
                         "createdBy":"u1","createdAt":"2026-11-28T10:15:30.123Z","description":"old"}}"""
                .getBytes(StandardCharsets.UTF_8);
        assertThat(schemaProblems(v1)).isEmpty();

        EnvelopeCodec.Decoded decoded = codec.read(v1).orElseThrow();

        assertThat(decoded.type()).isEqualTo(IntegrationEventType.TASK_CREATED);
        assertThat(decoded.payload()).isEqualTo(
                new TaskCreatedEvent("o1", "p1", "t1", "Write docs", "u1", AT, "old", TaskPriority.NORMAL));
        // the envelope is reported as it was on the wire; only the payload is upcast
        assertThat(decoded.envelope().eventVersion()).isEqualTo("v1");
        assertThat(decoded.envelope().data().has("priority")).isFalse();
        // the same upcast the command side's Axon upcaster applies to stored revision-1 events
        ObjectNode data = (ObjectNode) new ObjectMapper().readTree(v1).get("data");
        assertThat(EventEvolution.taskCreatedV1ToV2(data).get("priority").asText()).isEqualTo("NORMAL");
    }

    /** A consumer built against v1 (its own record of the v1 fields) reads a v2 envelope by ignoring priority. */
    @Test
    void aV1ReaderThatIgnoresUnknownFieldsReadsAV2Envelope() throws Exception {
        byte[] v2 = codec.write(codec.envelope(new TaskCreatedEvent("o1", "p1", "t1", "Write docs", "u1", AT, "d",
                TaskPriority.HIGH), new EnvelopeCodec.Context("5f1c2d0e-8a4b-4f43-9a51-2b7e0f7d9a10", AT, "workflow-service", "c1", null, "u1")));
        assertThat(schemaProblems(v2)).isEmpty();
        JsonNode envelope = new ObjectMapper().readTree(v2);
        assertThat(envelope.get("eventVersion").asText()).isEqualTo("v2");

        ObjectMapper tolerant = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        TaskCreatedV1 read = tolerant.treeToValue(envelope.get("data"), TaskCreatedV1.class);

        assertThat(read).isEqualTo(new TaskCreatedV1("o1", "p1", "t1", "Write docs", "u1", AT, "d"));
        // the rule matters: a strict reader of the v1 shape would fail on the added field
        ObjectMapper strict = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
        assertThatThrownBy(() -> strict.treeToValue(envelope.get("data"), TaskCreatedV1.class))
                .hasMessageContaining("priority");
    }

    /** The v1 shape of TaskCreated's data, as a consumer written before v2 has it. */
    record TaskCreatedV1(String organizationId, String projectId, String taskId, String title, String createdBy,
                         Instant createdAt, String description) {
    }

    @Test
    void aV2EnvelopeWithoutPriorityReadsAsNormalAndAnUnknownPriorityIsRefused() {
        byte[] noPriority = envelopeJson("TaskCreated", "v2",
                "{\"organizationId\":\"o1\",\"projectId\":\"p1\",\"taskId\":\"t1\",\"title\":\"T\","
                        + "\"createdBy\":\"u1\",\"createdAt\":\"2026-11-28T10:15:30.123Z\"}");
        byte[] badPriority = envelopeJson("TaskCreated", "v2",
                "{\"organizationId\":\"o1\",\"taskId\":\"t1\",\"priority\":\"URGENT\"}");

        assertThat(((TaskCreatedEvent) codec.read(noPriority).orElseThrow().payload()).priority())
                .isEqualTo(TaskPriority.NORMAL);
        assertThatThrownBy(() -> codec.read(badPriority)).isInstanceOf(EnvelopeCodec.MalformedEnvelopeException.class);
        // a v1 envelope whose data is no object is not upcast but refused, as before v2
        assertThatThrownBy(() -> codec.read(envelopeJson("TaskCreated", "v1", "\"not an object\"")))
                .isInstanceOf(EnvelopeCodec.MalformedEnvelopeException.class)
                .hasMessageContaining("data does not match TaskCreated");
    }

    @Test
    void aLaterVersionOfAKnownTypeIsReadWithTheFieldsThisBuildKnows() {
        // by rule a later version of the same eventType only adds fields (decision 0008)
        byte[] v3 = envelopeJson("TaskCreated", "v3",
                "{\"organizationId\":\"o1\",\"projectId\":\"p1\",\"taskId\":\"t1\",\"title\":\"T\","
                        + "\"createdBy\":\"u1\",\"createdAt\":\"2026-11-28T10:15:30.123Z\",\"priority\":\"LOW\","
                        + "\"dueDate\":\"2026-12-01\"}");

        EnvelopeCodec.Decoded decoded = codec.read(v3).orElseThrow();

        assertThat(decoded.payload()).isEqualTo(new TaskCreatedEvent("o1", "p1", "t1", "T", "u1", AT, null, TaskPriority.LOW));
        assertThat(decoded.envelope().eventVersion()).isEqualTo("v3");
    }

    @Test
    void versionsAreNamedVAndANumber() {
        assertThat(IntegrationEventType.forName("TaskCreated", "v1")).contains(IntegrationEventType.TASK_CREATED);
        assertThat(IntegrationEventType.forName("TaskCreated", "v2")).contains(IntegrationEventType.TASK_CREATED);
        assertThat(IntegrationEventType.forName("ProjectCreated", "v1")).contains(IntegrationEventType.PROJECT_CREATED);
        assertThat(IntegrationEventType.forName("TaskCreated", "2")).isEmpty();
        assertThat(IntegrationEventType.forName("TaskCreated", "v0")).isEmpty();
        assertThat(IntegrationEventType.forName("TaskCreated", null)).isEmpty();
        assertThat(IntegrationEventType.forName("TaskCreated", "vX")).isEmpty();
    }

    @Test
    void aSchemaRejectsAnEnvelopeMissingARequiredField() throws Exception {
        String broken = new String(codec.write(codec.envelope(new ProjectCreatedEvent("o1", "p1", "Launch", "u1", AT),
                new EnvelopeCodec.Context("5f1c2d0e-8a4b-4f43-9a51-2b7e0f7d9a10", AT, "s", null, null, null))),
                StandardCharsets.UTF_8).replace("\"name\":\"Launch\",", "");
        assertThat(schemaProblems(broken.getBytes(StandardCharsets.UTF_8))).anyMatch(p -> p.contains("name"));
    }

    @Test
    void unknownTypesAreSkippedAndGarbageIsRefused() {
        byte[] unknownType = "{\"eventId\":\"e\",\"eventType\":\"TaskTeleported\",\"eventVersion\":\"v1\",\"data\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] unknownVersionScheme = "{\"eventId\":\"e\",\"eventType\":\"TaskCreated\",\"eventVersion\":\"2.0\",\"data\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(codec.read(unknownType)).isEmpty();
        assertThat(codec.read(unknownVersionScheme)).isEmpty();
        assertThatThrownBy(() -> codec.read("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EnvelopeCodec.MalformedEnvelopeException.class);
        assertThatThrownBy(() -> codec.read("{\"eventType\":\"TaskCreated\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EnvelopeCodec.MalformedEnvelopeException.class);
    }

    private static byte[] envelopeJson(String eventType, String eventVersion, String data) {
        return ("{\"eventId\":\"e1\",\"eventType\":\"" + eventType + "\",\"eventVersion\":\"" + eventVersion
                + "\",\"timestamp\":\"2026-11-28T10:15:30.123Z\",\"source\":\"s\",\"organizationId\":\"o1\",\"data\":"
                + data + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> schemaProblems(byte[] json) throws Exception {
        JsonNode node = new ObjectMapper().readTree(json);
        Path file = SCHEMAS.resolve(node.get("eventType").asText() + "." + node.get("eventVersion").asText() + ".schema.json");
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        Set<ValidationMessage> messages = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(file), config).validate(node);
        return messages.stream().map(ValidationMessage::getMessage).toList();
    }
}
