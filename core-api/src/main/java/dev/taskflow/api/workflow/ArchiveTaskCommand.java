package dev.taskflow.api.workflow;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Archives a task that is open or completed; an archived task accepts no further change. */
public record ArchiveTaskCommand(
        @TargetAggregateIdentifier String taskId,
        String organizationId,
        String requestedBy,
        Instant requestedAt) {
}
