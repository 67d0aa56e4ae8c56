package dev.taskflow.api.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskflow.api.workflow.TaskPriority;

/**
 * How the data of an older version of an event becomes the data of the next one. The same functions
 * serve both places old events live: the command side's Axon upcaster (stored revision-1 events in the
 * event store) and {@link EnvelopeCodec} (v1 envelopes that stay on Kafka topics for ever). Each works on
 * the JSON of the event's own fields (the envelope's {@code data}, Axon's serialized payload), changes
 * it in place and returns it.
 * <p>
 * Only additive changes live here: a new version of an event may add fields, and an upcast fills them
 * with their default. A breaking change gets a new eventType or topic instead (decision 0008).
 */
public final class EventEvolution {

    private EventEvolution() {
    }

    /** TaskCreated v1 → v2: {@code priority} was added; tasks from before it are NORMAL. */
    public static ObjectNode taskCreatedV1ToV2(ObjectNode data) {
        if (!data.hasNonNull("priority")) {
            data.put("priority", TaskPriority.NORMAL.name());
        }
        return data;
    }

    /** One step of an event's history: data of {@code fromVersion} becomes data of the next version. */
    public record Upcast(String fromVersion, java.util.function.UnaryOperator<ObjectNode> toNextVersion) {
    }
}
