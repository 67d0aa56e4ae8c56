package dev.taskflow.api.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taskflow.api.OrganizationScoped;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A task was created; revision 2 (envelope {@code TaskCreated v2}). The first six fields are the seed's
 * published {@code data}; {@code description} is optional and only travels when the client gave one;
 * {@code priority} was added in v2 (an additive change, see docs/decisions/0008-event-evolution.md).
 * <p>
 * Revision 1 had no priority. Stored revision-1 events are upcast by the command side's Axon upcaster,
 * v1 envelopes by {@link dev.taskflow.api.messaging.EnvelopeCodec}, both with
 * {@link dev.taskflow.api.messaging.EventEvolution#taskCreatedV1ToV2}; a missing priority reads as NORMAL.
 */
@Revision("2")
public record TaskCreatedEvent(
        String organizationId,
        String projectId,
        String taskId,
        String title,
        String createdBy,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String description,
        TaskPriority priority) implements OrganizationScoped {

    /** A v2 reader defaults what an older writer did not send. */
    @JsonCreator
    public TaskCreatedEvent {
        priority = priority == null ? TaskPriority.NORMAL : priority;
    }

    /** The revision-1 shape: priority NORMAL. Kept so code written against v1 still compiles. */
    public TaskCreatedEvent(String organizationId, String projectId, String taskId, String title, String createdBy,
                            Instant createdAt, String description) {
        this(organizationId, projectId, taskId, title, createdBy, createdAt, description, TaskPriority.NORMAL);
    }
}
