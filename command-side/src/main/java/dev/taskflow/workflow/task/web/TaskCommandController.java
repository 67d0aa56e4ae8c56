package dev.taskflow.workflow.task.web;

import dev.taskflow.api.Role;
import dev.taskflow.api.workflow.CreateTaskCommand;
import dev.taskflow.support.membership.MembershipGuard;
import dev.taskflow.support.messaging.ContextualCommandGateway;
import dev.taskflow.support.web.RequestContext;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/workflow/tasks")
class TaskCommandController {

    private static final Logger log = LoggerFactory.getLogger(TaskCommandController.class);

    private final ContextualCommandGateway commands;
    private final MembershipGuard membership;
    private final Clock clock;

    TaskCommandController(ContextualCommandGateway commands, MembershipGuard membership, Clock clock) {
        this.commands = commands;
        this.membership = membership;
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<TaskCreatedResponse> create(@Valid @RequestBody CreateTaskRequest request, RequestContext context) {
        log.atInfo().setMessage("CreateTask request received traceId={} correlationId={} userId={} organizationId={}")
                .addArgument(context.traceId()).addArgument(context.correlationId())
                .addArgument(context.userId()).addArgument(context.organizationId())
                .addKeyValue("traceId", context.traceId()).addKeyValue("correlationId", context.correlationId())
                .addKeyValue("userId", context.userId()).addKeyValue("organizationId", context.organizationId())
                .log();
        String organizationId = membership.require(context, Role.MEMBER);
        String taskId = UUID.randomUUID().toString();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        commands.send(new CreateTaskCommand(taskId, organizationId, request.projectId(), request.title(),
                request.description(), context.userId(), now), context);
        return ResponseEntity.created(URI.create("/workflow/tasks/" + taskId))
                .body(new TaskCreatedResponse(taskId, organizationId, request.projectId(), request.title(), "OPEN",
                        context.userId(), now));
    }
}
