package dev.taskflow.identity.token.app;

import java.time.Duration;
import java.time.Instant;

public record IssuedToken(String value, Instant expiresAt, Duration lifetime) {

    @Override
    public String toString() {
        // a bearer token is a credential: it is not printed
        return "IssuedToken[expiresAt=" + expiresAt + "]";
    }
}
