package dev.taskflow.organization.domain;

/** A command the {@link Organization} refused because of its own rules; nothing was written. */
public abstract class OrganizationRuleException extends RuntimeException {

    protected OrganizationRuleException(String message) {
        super(message);
    }

    /** The requester is not a member, or their role does not allow the change. */
    public static class PermissionDenied extends OrganizationRuleException {
        public PermissionDenied(String message) {
            super(message);
        }
    }

    /** The member to remove is not a member. */
    public static class MemberNotFound extends OrganizationRuleException {
        public MemberNotFound(String message) {
            super(message);
        }
    }

    /** The change would leave the organization without an OWNER. */
    public static class LastOwner extends OrganizationRuleException {
        public LastOwner(String message) {
            super(message);
        }
    }
}
