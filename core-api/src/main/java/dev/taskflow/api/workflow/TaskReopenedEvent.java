package dev.taskflow.api.workflow;

import dev.taskflow.api.OrganizationScoped;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A completed task was opened again. */
@Revision("1")
public record TaskReopenedEvent(
        String organizationId,
        String projectId,
        String taskId,
        String reopenedBy,
        Instant reopenedAt) implements OrganizationScoped {
}
