package dev.taskflow.workflow.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.api.workflow.TaskPriority;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/** The upcaster on event rows as the JPA store holds them (JSON bytes, payload type and revision). */
class TaskCreatedUpcasterTest {

    private static final String V1_PAYLOAD = """
            {"organizationId":"o1","projectId":"p1","taskId":"t1","title":"Legacy","createdBy":"u1",\
            "createdAt":"2026-11-28T10:15:30.123Z"}""";

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final TaskCreatedUpcaster upcaster = new TaskCreatedUpcaster();

    @Test
    void aRevision1TaskCreatedBecomesRevision2WithNormalPriority() {
        IntermediateEventRepresentation upcast = only(upcaster.upcast(Stream.of(
                row(TaskCreatedEvent.class.getName(), "1", V1_PAYLOAD))));

        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        JsonNode data = upcast.getData(JsonNode.class).getData();
        assertThat(data.get("priority").asText()).isEqualTo("NORMAL");
        assertThat(data.get("title").asText()).isEqualTo("Legacy");
        TaskCreatedEvent event = serializer.deserialize(upcast.getData());
        assertThat(event).isEqualTo(new TaskCreatedEvent("o1", "p1", "t1", "Legacy", "u1",
                Instant.parse("2026-11-28T10:15:30.123Z"), null, TaskPriority.NORMAL));
    }

    @Test
    void revision2AndOtherEventsPassUnchanged() {
        String v2 = V1_PAYLOAD.replace("}", ",\"priority\":\"HIGH\"}");
        IntermediateEventRepresentation current = only(upcaster.upcast(Stream.of(
                row(TaskCreatedEvent.class.getName(), "2", v2))));
        IntermediateEventRepresentation other = only(upcaster.upcast(Stream.of(
                row("dev.taskflow.api.workflow.TaskEditedEvent", "1", "{\"title\":\"x\"}"))));

        assertThat(current.getType().getRevision()).isEqualTo("2");
        assertThat(current.getData(JsonNode.class).getData().get("priority").asText()).isEqualTo("HIGH");
        assertThat(other.getType()).extracting(SerializedType::getName, SerializedType::getRevision)
                .containsExactly("dev.taskflow.api.workflow.TaskEditedEvent", "1");
        assertThat(other.getData(JsonNode.class).getData().has("priority")).isFalse();
    }

    private InitialEventRepresentation row(String payloadType, String revision, String payload) {
        return new InitialEventRepresentation(new GenericDomainEventEntry<>("Task", "t1", 0, "e1",
                "2026-11-28T10:15:30.123Z", payloadType, revision, payload.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8)), serializer);
    }

    private static IntermediateEventRepresentation only(Stream<IntermediateEventRepresentation> stream) {
        List<IntermediateEventRepresentation> all = stream.toList();
        assertThat(all).hasSize(1);
        return all.get(0);
    }
}
