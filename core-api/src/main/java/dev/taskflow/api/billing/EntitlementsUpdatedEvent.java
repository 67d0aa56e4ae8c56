package dev.taskflow.api.billing;

import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.Plan;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The limits travel with the plan so consumers need no copy of the price list. Negative = unlimited. */
@Revision("1")
public record EntitlementsUpdatedEvent(
        String organizationId,
        Plan plan,
        int maxProjects,
        int maxTasks,
        Instant updatedAt) implements OrganizationScoped {
}
