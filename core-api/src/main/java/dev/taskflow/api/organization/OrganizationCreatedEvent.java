package dev.taskflow.api.organization;

import dev.taskflow.api.OrganizationScoped;
import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record OrganizationCreatedEvent(
        String organizationId,
        String name,
        String ownerUserId,
        Instant createdAt) implements OrganizationScoped {
}
