package dev.taskflow.identity.token.app;

/** Whom a token speaks for: {@code sub}, {@code preferred_username} and {@code name}. */
public record TokenSubject(String userId, String username, String displayName) {
}
