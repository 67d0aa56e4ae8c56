package dev.taskflow.workflow.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskflow.api.messaging.EventEvolution;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * Stored TaskCreated events of revision 1 (no priority) become revision 2 (priority NORMAL) as they are
 * read from the event store: when a Task aggregate is loaded and when the Kafka publisher reads the
 * store (so a re-publication of an old event is a v2 envelope). The stored rows are never rewritten.
 * The data change itself is core-api's {@link EventEvolution#taskCreatedV1ToV2}, the one
 * {@code EnvelopeCodec} applies to v1 envelopes on Kafka. Axon's Spring Boot configuration registers
 * every {@code EventUpcaster} bean in the event store's upcaster chain.
 */
@Component
public class TaskCreatedUpcaster extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(TaskCreatedEvent.class.getName(), "1");
    static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(TaskCreatedEvent.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return REVISION_1.equals(event.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(REVISION_2, JsonNode.class,
                payload -> EventEvolution.taskCreatedV1ToV2(((ObjectNode) payload).deepCopy()));
    }
}
