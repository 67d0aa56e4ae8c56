package dev.taskflow.api.workflow;

import dev.taskflow.api.OrganizationScoped;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A task's title or description changed; both carry their values after the change. */
@Revision("1")
public record TaskEditedEvent(
        String organizationId,
        String projectId,
        String taskId,
        String title,
        String description,
        String editedBy,
        Instant editedAt) implements OrganizationScoped {
}
