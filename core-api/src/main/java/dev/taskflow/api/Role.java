package dev.taskflow.api;

/** Organization roles, weakest first: a role grants everything the roles before it grant. */
public enum Role {
    VIEWER, MEMBER, ADMIN, OWNER;

    public boolean atLeast(Role required) {
        return compareTo(required) >= 0;
    }
}
