package dev.taskflow.api.organization;

import dev.taskflow.api.OrganizationScoped;
import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record MemberRemovedEvent(
        String organizationId,
        String userId,
        String removedBy,
        Instant removedAt) implements OrganizationScoped {
}
