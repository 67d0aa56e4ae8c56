package dev.taskflow.billing.web;

import dev.taskflow.api.Plan;
import dev.taskflow.api.Role;
import dev.taskflow.api.billing.ChangePlanCommand;
import dev.taskflow.billing.query.EntitlementsView;
import dev.taskflow.billing.query.EntitlementsView.Entitlements;
import dev.taskflow.billing.web.BillingApi.ChangePlanRequest;
import dev.taskflow.billing.web.BillingApi.EntitlementsResponse;
import dev.taskflow.support.membership.MembershipGuard;
import dev.taskflow.support.messaging.ContextualCommandGateway;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.Headers;
import dev.taskflow.support.web.RequestContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plan changes and entitlements of the organization named in the path. Authorization uses the local
 * membership cache (fed by organization.member.* events): unknown membership is a denial.
 */
@RestController
@RequestMapping("/billing/organizations/{organizationId}")
@Tag(name = "billing")
class BillingController {

    private static final int MAX_ORGANIZATION_ID_LENGTH = 64;

    private final ContextualCommandGateway commands;
    private final EntitlementsView entitlements;
    private final MembershipGuard membershipGuard;

    BillingController(ContextualCommandGateway commands, EntitlementsView entitlements, MembershipGuard membershipGuard) {
        this.commands = commands;
        this.entitlements = entitlements;
        this.membershipGuard = membershipGuard;
    }

    @PutMapping("/plan")
    @Operation(summary = "Change the organization's plan (OWNER)")
    EntitlementsResponse changePlan(@PathVariable String organizationId,
                                    @Valid @RequestBody ChangePlanRequest request,
                                    RequestContext context) {
        String userId = authorize(context, organizationId, Role.OWNER);
        Plan plan = Plan.valueOf(request.plan());
        commands.send(new ChangePlanCommand(organizationId, plan, userId), context, organizationId);
        // the view is written in the command's transaction, so it already shows the new plan
        return EntitlementsResponse.of(entitlements.find(organizationId).orElseGet(() ->
                new Entitlements(organizationId, plan, plan.maxProjects(), plan.maxTasks(), null)));
    }

    @GetMapping("/entitlements")
    @Operation(summary = "Current plan and limits (MEMBER+); FREE limits while nothing is known")
    EntitlementsResponse entitlements(@PathVariable String organizationId, RequestContext context) {
        authorize(context, organizationId, Role.MEMBER);
        return EntitlementsResponse.of(entitlements.current(organizationId));
    }

    /**
     * The caller must hold {@code required} in the organization of the path. An X-Organization-Id
     * header naming another organization is a contradictory request: 400.
     */
    private String authorize(RequestContext context, String organizationId, Role required) {
        String userId = context.requireUser();
        if (organizationId.length() > MAX_ORGANIZATION_ID_LENGTH) {
            throw ApiProblem.badRequest("organizationId must be at most " + MAX_ORGANIZATION_ID_LENGTH + " characters");
        }
        if (context.organizationId() != null && !context.organizationId().equals(organizationId)) {
            throw ApiProblem.badRequest("Header " + Headers.ORGANIZATION_ID + " (" + context.organizationId()
                    + ") names another organization than the path (" + organizationId + ")");
        }
        membershipGuard.require(new RequestContext(context.correlationId(), context.traceparent(),
                context.traceId(), userId, organizationId), required);
        return userId;
    }
}
