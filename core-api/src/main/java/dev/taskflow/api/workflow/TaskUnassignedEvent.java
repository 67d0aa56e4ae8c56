package dev.taskflow.api.workflow;

import dev.taskflow.api.OrganizationScoped;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A task lost its assignee. */
@Revision("1")
public record TaskUnassignedEvent(
        String organizationId,
        String projectId,
        String taskId,
        String previousAssigneeId,
        String unassignedBy,
        Instant unassignedAt) implements OrganizationScoped {
}
