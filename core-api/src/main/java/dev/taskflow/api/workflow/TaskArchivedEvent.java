package dev.taskflow.api.workflow;

import dev.taskflow.api.OrganizationScoped;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A task was archived; it accepts no further change. {@code previousStatus} is OPEN or COMPLETED. */
@Revision("1")
public record TaskArchivedEvent(
        String organizationId,
        String projectId,
        String taskId,
        String previousStatus,
        String archivedBy,
        Instant archivedAt) implements OrganizationScoped {
}
