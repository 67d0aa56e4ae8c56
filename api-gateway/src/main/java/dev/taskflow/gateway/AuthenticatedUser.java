package dev.taskflow.gateway;

import java.util.Map;

/** identity-service's answer to {@code POST /auth/validate}. */
record AuthenticatedUser(String userId, Map<String, Object> claims) {

    AuthenticatedUser {
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }
}
