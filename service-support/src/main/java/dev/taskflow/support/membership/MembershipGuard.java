package dev.taskflow.support.membership;

import dev.taskflow.api.Role;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.RequestContext;

/**
 * Checks the caller's role in the active organization against the local cache. Missing membership is
 * a denial (security over availability), even when the cache may only be behind.
 */
public class MembershipGuard {

    private final MembershipDirectory directory;

    public MembershipGuard(MembershipDirectory directory) {
        this.directory = directory;
    }

    /** Returns the organization the caller may act in with at least {@code required}. */
    public String require(RequestContext context, Role required) {
        String userId = context.requireUser();
        String organizationId = context.requireOrganization();
        Role role = directory.roleOf(organizationId, userId)
                .orElseThrow(() -> ApiProblem.forbidden("Not a member of organization " + organizationId));
        if (!role.atLeast(required)) {
            throw ApiProblem.forbidden("Role " + role + " is below the required " + required);
        }
        return organizationId;
    }
}
