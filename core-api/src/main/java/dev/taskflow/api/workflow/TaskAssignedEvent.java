package dev.taskflow.api.workflow;

import dev.taskflow.api.OrganizationScoped;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A task got an assignee (or another one). Carries the title so that a notification can name the task
 * without a lookup; {@code previousAssigneeId} is {@code null} when the task had none.
 */
@Revision("1")
public record TaskAssignedEvent(
        String organizationId,
        String projectId,
        String taskId,
        String title,
        String assigneeId,
        String previousAssigneeId,
        String assignedBy,
        Instant assignedAt) implements OrganizationScoped {
}
