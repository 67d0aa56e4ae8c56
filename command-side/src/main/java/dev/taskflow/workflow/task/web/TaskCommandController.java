package dev.taskflow.workflow.task.web;

import dev.taskflow.api.Role;
import dev.taskflow.api.workflow.ArchiveTaskCommand;
import dev.taskflow.api.workflow.AssignTaskCommand;
import dev.taskflow.api.workflow.CompleteTaskCommand;
import dev.taskflow.api.workflow.CreateTaskCommand;
import dev.taskflow.api.workflow.EditTaskCommand;
import dev.taskflow.api.workflow.ReopenTaskCommand;
import dev.taskflow.api.workflow.TaskPriority;
import dev.taskflow.api.workflow.UnassignTaskCommand;
import dev.taskflow.support.membership.MembershipGuard;
import dev.taskflow.support.messaging.ContextualCommandGateway;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.RequestContext;
import dev.taskflow.workflow.task.TaskNotFoundException;
import dev.taskflow.workflow.task.TaskState;
import dev.taskflow.workflow.web.AggregateCommands;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Creates tasks and moves them through their life. Every endpoint needs MEMBER+ in the active organization
 * (local membership cache). The lifecycle endpoints answer 200 with the task after the command
 * ({@link TaskState}); an unknown task and a task of another organization are both 404.
 */
@RestController
@RequestMapping("/workflow/tasks")
class TaskCommandController {

    private static final Logger log = LoggerFactory.getLogger(TaskCommandController.class);
    private static final int MAX_ID = 64;

    private final ContextualCommandGateway commands;
    private final AggregateCommands aggregateCommands;
    private final MembershipGuard membership;
    private final Clock clock;

    TaskCommandController(ContextualCommandGateway commands, AggregateCommands aggregateCommands,
                          MembershipGuard membership, Clock clock) {
        this.commands = commands;
        this.aggregateCommands = aggregateCommands;
        this.membership = membership;
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<TaskCreatedResponse> create(@Valid @RequestBody CreateTaskRequest request, RequestContext context) {
        logEntry("CreateTask", context, null);
        String organizationId = membership.require(context, Role.MEMBER);
        String taskId = UUID.randomUUID().toString();
        Instant now = now();
        TaskPriority priority = request.priorityOrDefault();
        commands.send(new CreateTaskCommand(taskId, organizationId, request.projectId(), request.title(),
                request.description(), context.userId(), now, priority), context);
        return ResponseEntity.created(URI.create("/workflow/tasks/" + taskId))
                .body(new TaskCreatedResponse(taskId, organizationId, request.projectId(), request.title(), "OPEN",
                        context.userId(), now, priority));
    }

    @PatchMapping("/{taskId}")
    TaskState edit(@PathVariable String taskId, @Valid @RequestBody EditTaskRequest request, RequestContext context) {
        logEntry("EditTask", context, taskId);
        String organizationId = membership.require(context, Role.MEMBER);
        if (request.title() == null && request.description() == null) {
            throw ApiProblem.badRequest("title, description: give at least one of them");
        }
        return send(new EditTaskCommand(known(taskId), organizationId, request.title(), request.description(),
                context.userId(), now()), taskId, context, organizationId);
    }

    @PutMapping("/{taskId}/assignee")
    TaskState assign(@PathVariable String taskId, @Valid @RequestBody AssignTaskRequest request, RequestContext context) {
        logEntry("AssignTask", context, taskId);
        String organizationId = membership.require(context, Role.MEMBER);
        return send(new AssignTaskCommand(known(taskId), organizationId, request.assigneeId(), context.userId(), now()),
                taskId, context, organizationId);
    }

    @DeleteMapping("/{taskId}/assignee")
    TaskState unassign(@PathVariable String taskId, RequestContext context) {
        logEntry("UnassignTask", context, taskId);
        String organizationId = membership.require(context, Role.MEMBER);
        return send(new UnassignTaskCommand(known(taskId), organizationId, context.userId(), now()),
                taskId, context, organizationId);
    }

    @PostMapping("/{taskId}/complete")
    TaskState complete(@PathVariable String taskId, RequestContext context) {
        logEntry("CompleteTask", context, taskId);
        String organizationId = membership.require(context, Role.MEMBER);
        return send(new CompleteTaskCommand(known(taskId), organizationId, context.userId(), now()),
                taskId, context, organizationId);
    }

    @PostMapping("/{taskId}/reopen")
    TaskState reopen(@PathVariable String taskId, RequestContext context) {
        logEntry("ReopenTask", context, taskId);
        String organizationId = membership.require(context, Role.MEMBER);
        return send(new ReopenTaskCommand(known(taskId), organizationId, context.userId(), now()),
                taskId, context, organizationId);
    }

    @PostMapping("/{taskId}/archive")
    TaskState archive(@PathVariable String taskId, RequestContext context) {
        logEntry("ArchiveTask", context, taskId);
        String organizationId = membership.require(context, Role.MEMBER);
        return send(new ArchiveTaskCommand(known(taskId), organizationId, context.userId(), now()),
                taskId, context, organizationId);
    }

    private TaskState send(Object command, String taskId, RequestContext context, String organizationId) {
        return aggregateCommands.send(command, taskId, context, organizationId);
    }

    /** An id no task can have (task ids are UUIDs, at most 64 characters) is not looked up at all. */
    private static String known(String taskId) {
        if (taskId.length() > MAX_ID || taskId.isBlank()) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "Not found", new TaskNotFoundException(taskId.length() > MAX_ID
                    ? taskId.substring(0, MAX_ID) + "…" : taskId).getMessage());
        }
        return taskId;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void logEntry(String command, RequestContext context, String taskId) {
        LoggingEventBuilder line = log.atInfo()
                .setMessage(command + " request received traceId={} correlationId={} userId={} organizationId={}"
                        + (taskId == null ? "" : " taskId={}"))
                .addArgument(context.traceId()).addArgument(context.correlationId())
                .addArgument(context.userId()).addArgument(context.organizationId())
                .addKeyValue("traceId", context.traceId()).addKeyValue("correlationId", context.correlationId())
                .addKeyValue("userId", context.userId()).addKeyValue("organizationId", context.organizationId());
        if (taskId != null) {
            line = line.addArgument(taskId).addKeyValue("taskId", taskId);
        }
        line.log();
    }
}
