package dev.taskflow.api.organization;

import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.Role;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Also emitted for the owner when an organization is created, so caches need only member events. */
@Revision("1")
public record MemberAddedEvent(
        String organizationId,
        String userId,
        Role role,
        String addedBy,
        Instant addedAt) implements OrganizationScoped {
}
