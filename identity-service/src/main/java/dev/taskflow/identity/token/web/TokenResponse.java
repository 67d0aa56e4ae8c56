package dev.taskflow.identity.token.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** The shape of an OAuth 2 token response (RFC 6749 §5.1), as the public contract fixes it. */
record TokenResponse(
        String accessToken,
        @Schema(example = "Bearer") String tokenType,
        @Schema(description = "seconds until the token expires", example = "900") long expiresIn) {

    @Override
    public String toString() {
        return "TokenResponse[expiresIn=" + expiresIn + "]";
    }
}
