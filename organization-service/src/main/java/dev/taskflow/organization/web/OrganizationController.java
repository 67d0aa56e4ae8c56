package dev.taskflow.organization.web;

import dev.taskflow.api.Role;
import dev.taskflow.api.organization.AddMemberCommand;
import dev.taskflow.api.organization.CreateOrganizationCommand;
import dev.taskflow.api.organization.RemoveMemberCommand;
import dev.taskflow.organization.query.MemberQueries;
import dev.taskflow.organization.web.OrganizationApi.AddMemberRequest;
import dev.taskflow.organization.web.OrganizationApi.CreateOrganizationRequest;
import dev.taskflow.organization.web.OrganizationApi.MemberResponse;
import dev.taskflow.organization.web.OrganizationApi.MembersResponse;
import dev.taskflow.organization.web.OrganizationApi.OrganizationCreatedResponse;
import dev.taskflow.support.messaging.ContextualCommandGateway;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.RequestContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Organization and membership endpoints. Changes go to the aggregate as commands (it decides who may
 * do what); reads come from the read model, which is written in the same transaction as the events.
 */
@RestController
@RequestMapping("/organizations")
@Tag(name = "organizations")
class OrganizationController {

    private final ContextualCommandGateway commands;
    private final MemberQueries queries;

    OrganizationController(ContextualCommandGateway commands, MemberQueries queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @PostMapping
    @Operation(summary = "Create an organization; the caller becomes its OWNER")
    ResponseEntity<OrganizationCreatedResponse> create(@Valid @RequestBody CreateOrganizationRequest request,
                                                       RequestContext context) {
        String userId = context.requireUser();
        String organizationId = UUID.randomUUID().toString();
        commands.send(new CreateOrganizationCommand(organizationId, request.name(), userId), context, organizationId);
        return ResponseEntity.created(URI.create("/organizations/" + organizationId))
                .body(new OrganizationCreatedResponse(organizationId));
    }

    @PostMapping("/{organizationId}/members")
    @Operation(summary = "Add a member or change a member's role (OWNER/ADMIN; only an OWNER grants OWNER)")
    ResponseEntity<MemberResponse> addMember(@PathVariable String organizationId,
                                             @Valid @RequestBody AddMemberRequest request,
                                             RequestContext context) {
        String userId = context.requireUser();
        Role role = Role.valueOf(request.role());
        commands.send(new AddMemberCommand(organizationId, request.userId(), role, userId), context, organizationId);
        return ResponseEntity.created(URI.create("/organizations/" + organizationId + "/members/" + request.userId()))
                .body(new MemberResponse(organizationId, request.userId(), role, null));
    }

    @DeleteMapping("/{organizationId}/members/{userId}")
    @Operation(summary = "Remove a member (OWNER/ADMIN; only an OWNER removes an OWNER; the last OWNER stays)")
    ResponseEntity<Void> removeMember(@PathVariable String organizationId, @PathVariable String userId,
                                      RequestContext context) {
        String requester = context.requireUser();
        commands.send(new RemoveMemberCommand(organizationId, userId, requester), context, organizationId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{organizationId}/members")
    @Operation(summary = "List the members (VIEWER+)")
    MembersResponse members(@PathVariable String organizationId, RequestContext context) {
        String userId = context.requireUser();
        // an organization that does not exist has no members, so it answers like any organization but one's own
        Role role = queries.roleOf(organizationId, userId)
                .orElseThrow(() -> ApiProblem.forbidden("Not a member of organization " + organizationId));
        if (!role.atLeast(Role.VIEWER)) {
            throw ApiProblem.forbidden("Role " + role + " is below the required " + Role.VIEWER);
        }
        return new MembersResponse(organizationId, queries.members(organizationId).stream()
                .map(m -> new MemberResponse(organizationId, m.userId(), m.role(), m.addedAt()))
                .toList());
    }
}
