package dev.taskflow.workflow.project.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.taskflow.api.workflow.CreateProjectCommand;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.workflow.admission.Admission;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

@Aggregate
class Project {

    @AggregateIdentifier
    private String projectId;
    private String organizationId;

    Project() {
        // for Axon: rebuilt from its events
    }

    @CommandHandler
    Project(CreateProjectCommand command, Admission admission) {
        admission.admitProject(command.organizationId());
        apply(new ProjectCreatedEvent(command.organizationId(), command.projectId(), command.name(),
                command.requestedBy(), command.requestedAt()));
    }

    @EventSourcingHandler
    void on(ProjectCreatedEvent event) {
        projectId = event.projectId();
        organizationId = event.organizationId();
    }
}
