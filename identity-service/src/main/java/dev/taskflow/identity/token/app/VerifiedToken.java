package dev.taskflow.identity.token.app;

import java.util.Map;

/**
 * A token that passed every check.
 *
 * @param claims its claims in JWT form: times as seconds since the epoch, {@code aud} as a list
 */
public record VerifiedToken(String userId, Map<String, Object> claims) {
}
