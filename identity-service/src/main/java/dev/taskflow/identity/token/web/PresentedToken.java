package dev.taskflow.identity.token.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the token a caller presents: the Authorization header first, else a JSON body. */
final class PresentedToken {

    // RFC 6750 §2.1: the scheme is case-insensitive, the token is b64token
    private static final Pattern BEARER = Pattern.compile("(?i)bearer +([A-Za-z0-9._~+/-]+=*) *");

    private PresentedToken() {
    }

    /**
     * @throws IllegalArgumentException when the header is present but is no bearer token: a caller who
     *                                  sends one means it, so the body is not consulted then
     */
    static Optional<String> from(String authorization, String body, ObjectMapper json) {
        if (authorization != null) {
            Matcher bearer = BEARER.matcher(authorization.trim());
            if (!bearer.matches()) {
                throw new IllegalArgumentException("Authorization header does not hold a Bearer token");
            }
            return Optional.of(bearer.group(1));
        }
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode token = json.readTree(body).path("token");
            return token.isTextual() && !token.asText().isBlank() ? Optional.of(token.asText().trim()) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
