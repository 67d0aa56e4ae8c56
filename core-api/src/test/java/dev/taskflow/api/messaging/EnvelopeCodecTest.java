package dev.taskflow.api.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        }
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
    void taskCreatedDataHoldsExactlyTheSeedFieldsInOrderWhenNoDescriptionIsGiven() throws Exception {
        byte[] json = codec.write(codec.envelope(new TaskCreatedEvent("o1", "p1", "t1", "Write docs", "u1", AT, null),
                new EnvelopeCodec.Context("e1", AT, "workflow-service", "c1", null, "u1")));
        JsonNode data = new ObjectMapper().readTree(json).get("data");
        List<String> fields = new java.util.ArrayList<>();
        data.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("organizationId", "projectId", "taskId", "title", "createdBy", "createdAt");
        assertThat(data.get("createdAt").asText()).isEqualTo("2026-11-28T10:15:30.123Z");
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
        byte[] future = "{\"eventId\":\"e\",\"eventType\":\"TaskCreated\",\"eventVersion\":\"v9\",\"data\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(codec.read(future)).isEmpty();
        assertThatThrownBy(() -> codec.read("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EnvelopeCodec.MalformedEnvelopeException.class);
        assertThatThrownBy(() -> codec.read("{\"eventType\":\"TaskCreated\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EnvelopeCodec.MalformedEnvelopeException.class);
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
