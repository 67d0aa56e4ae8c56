package dev.taskflow.workflow.admission;

/**
 * Who belongs to an organization, from the local membership cache (fed by {@code organization.member.*});
 * the command side never asks organization-service synchronously.
 */
public interface Members {

    /**
     * Whether {@code userId} is a member of {@code organizationId} in any role. A member whose membership
     * events are parked in the dead-letter queue is not: their cached row may be stale (a removal among them).
     */
    boolean isMember(String organizationId, String userId);
}
