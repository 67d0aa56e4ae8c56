package dev.taskflow.api.workflow;

import dev.taskflow.api.OrganizationScoped;
import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ProjectCreatedEvent(
        String organizationId,
        String projectId,
        String name,
        String createdBy,
        Instant createdAt) implements OrganizationScoped {
}
