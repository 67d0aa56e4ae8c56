package dev.taskflow.workflow.task.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.taskflow.api.workflow.ArchiveTaskCommand;
import dev.taskflow.api.workflow.AssignTaskCommand;
import dev.taskflow.api.workflow.CompleteTaskCommand;
import dev.taskflow.api.workflow.CreateTaskCommand;
import dev.taskflow.api.workflow.EditTaskCommand;
import dev.taskflow.api.workflow.ReopenTaskCommand;
import dev.taskflow.api.workflow.TaskArchivedEvent;
import dev.taskflow.api.workflow.TaskAssignedEvent;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.api.workflow.TaskEditedEvent;
import dev.taskflow.api.workflow.TaskPriority;
import dev.taskflow.api.workflow.TaskReopenedEvent;
import dev.taskflow.api.workflow.TaskStatus;
import dev.taskflow.api.workflow.TaskUnassignedEvent;
import dev.taskflow.api.workflow.UnassignTaskCommand;
import dev.taskflow.workflow.admission.Admission;
import dev.taskflow.workflow.admission.Members;
import dev.taskflow.workflow.admission.NotAMemberException;
import dev.taskflow.workflow.task.InvalidTaskFieldException;
import dev.taskflow.workflow.task.TaskNotFoundException;
import dev.taskflow.workflow.task.TaskState;
import dev.taskflow.workflow.task.TaskStatusConflictException;
import java.time.Instant;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A task's life: OPEN → COMPLETED (complete) → OPEN (reopen); OPEN or COMPLETED → ARCHIVED (archive),
 * after which it accepts nothing. Command handlers decide and apply; event sourcing handlers only
 * assign state. Every lifecycle handler answers the task's {@link TaskState} after the command.
 * <p>
 * What is refused, with no event:
 * <ul>
 *   <li>a task of another organization, or an id that is not a task: {@link TaskNotFoundException}, the same
 *       as an unknown id;</li>
 *   <li>anything on an ARCHIVED task, complete unless OPEN, reopen unless COMPLETED, assign or unassign
 *       unless OPEN (a completed task keeps the assignee who had it), unassign without an assignee:
 *       {@link TaskStatusConflictException};</li>
 *   <li>a blank or too long title, a too long description, a blank assignee: {@link InvalidTaskFieldException};</li>
 *   <li>an assignee who is not a member of the organization: {@link NotAMemberException}.</li>
 * </ul>
 * What is accepted without an event (idempotent re-requests): an edit that changes nothing, assigning
 * the assignee the task already has.
 */
@Aggregate
class Task {

    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 4000;

    @AggregateIdentifier
    private String taskId;
    private String organizationId;
    private String projectId;
    private String title;
    private String description;
    private String createdBy;
    private Instant createdAt;
    private TaskPriority priority;
    private TaskStatus status;
    private String assigneeId;

    Task() {
        // for Axon: rebuilt from its events
    }

    @CommandHandler
    Task(CreateTaskCommand command, Admission admission) {
        admission.admitTask(command.organizationId(), command.projectId());
        apply(new TaskCreatedEvent(command.organizationId(), command.projectId(), command.taskId(),
                command.title(), command.requestedBy(), command.requestedAt(), command.description(),
                command.priority()));
    }

    /** A {@code null} field stays as it is; an empty description removes it. */
    @CommandHandler
    TaskState handle(EditTaskCommand command) {
        requireVisibleTo(command.taskId(), command.organizationId());
        refuseIfArchived("edited");
        String newTitle = command.title() == null ? title : validTitle(command.title());
        String newDescription = command.description() == null ? description : validDescription(command.description());
        if (Objects.equals(newTitle, title) && Objects.equals(newDescription, description)) {
            return state();
        }
        apply(new TaskEditedEvent(organizationId, projectId, taskId, newTitle, newDescription,
                command.requestedBy(), command.requestedAt()));
        return state();
    }

    @CommandHandler
    TaskState handle(AssignTaskCommand command, Members members) {
        requireVisibleTo(command.taskId(), command.organizationId());
        requireOpen("assigned");
        if (command.assigneeId() == null || command.assigneeId().isBlank()) {
            throw new InvalidTaskFieldException("assigneeId", "must not be blank");
        }
        if (!members.isMember(organizationId, command.assigneeId())) {
            throw new NotAMemberException("assigneeId", command.assigneeId());
        }
        if (command.assigneeId().equals(assigneeId)) {
            return state();
        }
        apply(new TaskAssignedEvent(organizationId, projectId, taskId, title, command.assigneeId(), assigneeId,
                command.requestedBy(), command.requestedAt()));
        return state();
    }

    @CommandHandler
    TaskState handle(UnassignTaskCommand command) {
        requireVisibleTo(command.taskId(), command.organizationId());
        requireOpen("unassigned");
        if (assigneeId == null) {
            throw new TaskStatusConflictException(status, "Task is " + status + " and has no assignee to remove");
        }
        apply(new TaskUnassignedEvent(organizationId, projectId, taskId, assigneeId, command.requestedBy(),
                command.requestedAt()));
        return state();
    }

    @CommandHandler
    TaskState handle(CompleteTaskCommand command) {
        requireVisibleTo(command.taskId(), command.organizationId());
        if (status != TaskStatus.OPEN) {
            throw new TaskStatusConflictException(status, "Task is " + status + "; only an OPEN task can be completed");
        }
        apply(new TaskCompletedEvent(organizationId, projectId, taskId, title, createdBy, assigneeId, createdAt,
                command.requestedBy(), command.requestedAt()));
        return state();
    }

    @CommandHandler
    TaskState handle(ReopenTaskCommand command) {
        requireVisibleTo(command.taskId(), command.organizationId());
        if (status != TaskStatus.COMPLETED) {
            throw new TaskStatusConflictException(status, "Task is " + status + "; only a COMPLETED task can be reopened");
        }
        apply(new TaskReopenedEvent(organizationId, projectId, taskId, command.requestedBy(), command.requestedAt()));
        return state();
    }

    @CommandHandler
    TaskState handle(ArchiveTaskCommand command) {
        requireVisibleTo(command.taskId(), command.organizationId());
        refuseIfArchived("archived again");
        apply(new TaskArchivedEvent(organizationId, projectId, taskId, status.name(), command.requestedBy(),
                command.requestedAt()));
        return state();
    }

    @EventSourcingHandler
    void on(TaskCreatedEvent event) {
        taskId = event.taskId();
        organizationId = event.organizationId();
        projectId = event.projectId();
        title = event.title();
        description = event.description();
        createdBy = event.createdBy();
        createdAt = event.createdAt();
        priority = event.priority();
        status = TaskStatus.OPEN;
    }

    @EventSourcingHandler
    void on(TaskEditedEvent event) {
        title = event.title();
        description = event.description();
    }

    @EventSourcingHandler
    void on(TaskAssignedEvent event) {
        assigneeId = event.assigneeId();
    }

    @EventSourcingHandler
    void on(TaskUnassignedEvent event) {
        assigneeId = null;
    }

    @EventSourcingHandler
    void on(TaskCompletedEvent event) {
        status = TaskStatus.COMPLETED;
    }

    @EventSourcingHandler
    void on(TaskReopenedEvent event) {
        status = TaskStatus.OPEN;
    }

    @EventSourcingHandler
    void on(TaskArchivedEvent event) {
        status = TaskStatus.ARCHIVED;
    }

    /** Unknown, or of another organization: the caller learns nothing more than "not found". */
    private void requireVisibleTo(String requestedId, String callerOrganization) {
        if (!organizationId.equals(callerOrganization)) {
            throw new TaskNotFoundException(requestedId);
        }
    }

    private void refuseIfArchived(String what) {
        if (status == TaskStatus.ARCHIVED) {
            throw new TaskStatusConflictException(status, "Task is ARCHIVED and cannot be " + what);
        }
    }

    private void requireOpen(String what) {
        if (status != TaskStatus.OPEN) {
            throw new TaskStatusConflictException(status, "Task is " + status + "; only an OPEN task can be " + what);
        }
    }

    private static String validTitle(String title) {
        if (title.isBlank()) {
            throw new InvalidTaskFieldException("title", "must not be blank");
        }
        if (title.length() > MAX_TITLE) {
            throw new InvalidTaskFieldException("title", "size must be at most " + MAX_TITLE);
        }
        return title;
    }

    private static String validDescription(String description) {
        if (description.length() > MAX_DESCRIPTION) {
            throw new InvalidTaskFieldException("description", "size must be at most " + MAX_DESCRIPTION);
        }
        return description.isBlank() ? null : description;
    }

    private TaskState state() {
        Long version = AggregateLifecycle.getVersion();
        return new TaskState(taskId, organizationId, projectId, title, description, status, assigneeId, priority,
                version == null ? 0 : version);
    }
}
