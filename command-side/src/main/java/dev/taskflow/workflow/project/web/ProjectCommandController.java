package dev.taskflow.workflow.project.web;

import dev.taskflow.api.Role;
import dev.taskflow.api.workflow.CreateProjectCommand;
import dev.taskflow.support.membership.MembershipGuard;
import dev.taskflow.support.messaging.ContextualCommandGateway;
import dev.taskflow.support.web.RequestContext;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/workflow/projects")
class ProjectCommandController {

    private final ContextualCommandGateway commands;
    private final MembershipGuard membership;
    private final Clock clock;

    ProjectCommandController(ContextualCommandGateway commands, MembershipGuard membership, Clock clock) {
        this.commands = commands;
        this.membership = membership;
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<ProjectCreatedResponse> create(@Valid @RequestBody CreateProjectRequest request, RequestContext context) {
        String organizationId = membership.require(context, Role.MEMBER);
        String projectId = UUID.randomUUID().toString();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        commands.send(new CreateProjectCommand(projectId, organizationId, request.name(), context.userId(), now), context);
        return ResponseEntity.created(URI.create("/workflow/projects/" + projectId))
                .body(new ProjectCreatedResponse(projectId, organizationId, request.name(), context.userId(), now));
    }
}
