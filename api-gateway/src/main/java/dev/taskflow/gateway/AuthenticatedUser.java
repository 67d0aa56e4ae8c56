package dev.taskflow.gateway;

import java.util.Collection;
import java.util.Map;

/** identity-service's answer to {@code POST /auth/validate}. */
record AuthenticatedUser(String userId, Map<String, Object> claims) {

    AuthenticatedUser {
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }

    /** Whether the token's {@code roles} claim (a JSON array of strings) names the role. */
    boolean hasRole(String role) {
        return claims.get("roles") instanceof Collection<?> roles && roles.contains(role);
    }
}
