package dev.taskflow.support.membership;

import dev.taskflow.api.Role;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.RequestContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the caller's role in the active organization against the local cache. Missing membership is
 * a denial (security over availability), even when the cache may only be behind; every denial is
 * logged and counted ({@code membership.denied}, tag {@code reason}) so a lagging cache shows up.
 */
public class MembershipGuard {

    private static final Logger log = LoggerFactory.getLogger(MembershipGuard.class);

    private final MembershipDirectory directory;
    private final Counter notMember;
    private final Counter roleTooLow;
    private final Counter unsettled;

    public MembershipGuard(MembershipDirectory directory, MeterRegistry registry) {
        this.directory = directory;
        this.notMember = denials(registry, "not-a-member");
        this.roleTooLow = denials(registry, "role-too-low");
        this.unsettled = denials(registry, "membership-dead-lettered");
    }

    /** Returns the organization the caller may act in with at least {@code required}. */
    public String require(RequestContext context, Role required) {
        String userId = context.requireUser();
        String organizationId = context.requireOrganization();
        Role role = directory.roleOf(organizationId, userId).orElse(null);
        if (role == null) {
            deny(notMember, "no membership known", userId, organizationId, required);
            throw ApiProblem.forbidden("Not a member of organization " + organizationId);
        }
        if (directory.unsettled(organizationId, userId)) {
            deny(unsettled, "membership event dead-lettered", userId, organizationId, required);
            throw ApiProblem.forbidden("Membership in organization " + organizationId + " cannot be confirmed");
        }
        if (!role.atLeast(required)) {
            deny(roleTooLow, "role " + role, userId, organizationId, required);
            throw ApiProblem.forbidden("Role " + role + " is below the required " + required);
        }
        return organizationId;
    }

    private static void deny(Counter counter, String reason, String userId, String organizationId, Role required) {
        counter.increment();
        log.atInfo().setMessage("Access denied: {} for user {} in organization {}, {} required")
                .addArgument(reason).addArgument(userId).addArgument(organizationId).addArgument(required)
                .addKeyValue("msg", "Access denied").addKeyValue("reason", reason).addKeyValue("userId", userId)
                .addKeyValue("organizationId", organizationId).addKeyValue("required", required).log();
    }

    private static Counter denials(MeterRegistry registry, String reason) {
        return Counter.builder("membership.denied").tag("reason", reason)
                .description("Requests refused because the local membership cache has no (sufficient) role")
                .register(registry);
    }
}
