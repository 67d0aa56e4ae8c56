package dev.taskflow.api.workflow;

import dev.taskflow.api.OrganizationScoped;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A task was completed. Carries what its watchers' notifications and the cycle time need: the title,
 * the creator, the assignee (or {@code null}) and when the task was created.
 */
@Revision("1")
public record TaskCompletedEvent(
        String organizationId,
        String projectId,
        String taskId,
        String title,
        String createdBy,
        String assigneeId,
        Instant createdAt,
        String completedBy,
        Instant completedAt) implements OrganizationScoped {
}
