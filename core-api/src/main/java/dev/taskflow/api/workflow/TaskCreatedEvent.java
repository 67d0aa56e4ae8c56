package dev.taskflow.api.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taskflow.api.OrganizationScoped;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A task was created. The first six fields are the published {@code data} of the TaskCreated v1
 * envelope; {@code description} is optional and only travels when the client gave one.
 */
@Revision("1")
public record TaskCreatedEvent(
        String organizationId,
        String projectId,
        String taskId,
        String title,
        String createdBy,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String description) implements OrganizationScoped {
}
