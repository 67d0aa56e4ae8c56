package dev.taskflow.workflow.task.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.taskflow.api.workflow.CreateTaskCommand;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.workflow.admission.Admission;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

@Aggregate
class Task {

    @AggregateIdentifier
    private String taskId;
    private String organizationId;
    private String projectId;
    private TaskStatus status;

    Task() {
        // for Axon: rebuilt from its events
    }

    @CommandHandler
    Task(CreateTaskCommand command, Admission admission) {
        admission.admitTask(command.organizationId(), command.projectId());
        apply(new TaskCreatedEvent(command.organizationId(), command.projectId(), command.taskId(),
                command.title(), command.requestedBy(), command.requestedAt(), command.description()));
    }

    @EventSourcingHandler
    void on(TaskCreatedEvent event) {
        taskId = event.taskId();
        organizationId = event.organizationId();
        projectId = event.projectId();
        status = TaskStatus.OPEN;
    }
}
