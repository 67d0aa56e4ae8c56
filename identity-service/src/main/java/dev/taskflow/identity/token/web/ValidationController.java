package dev.taskflow.identity.token.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskflow.identity.token.app.TokenRejectedException;
import dev.taskflow.identity.token.app.TokenVerifier;
import dev.taskflow.identity.token.app.VerifiedToken;
import dev.taskflow.support.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The check the gateway makes before it lets any request through (request lifecycle step 1.2). */
@Tag(name = "Tokens")
@RestController
class ValidationController {

    private final TokenVerifier verifier;
    private final ObjectMapper json;

    ValidationController(TokenVerifier verifier, ObjectMapper json) {
        this.verifier = verifier;
        this.json = json;
    }

    @Operation(summary = "Validate a token",
            description = "Takes the token from 'Authorization: Bearer <token>', or from a JSON body {\"token\": \"...\"} "
                    + "when the header is absent. Checks the RS256 signature, exp/nbf, iss and aud.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = TokenBody.class)))
    @ApiResponse(responseCode = "200", description = "Valid; the subject and all claims")
    @ApiResponse(responseCode = "401", description = "Missing or invalid token; the detail says why in general terms")
    @PostMapping(path = "/auth/validate", produces = MediaType.APPLICATION_JSON_VALUE)
    ValidationResponse validate(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                // raw text: an unreadable body is a missing token (401), not a bad request (400)
                                @RequestBody(required = false) String body) {
        String token;
        try {
            token = PresentedToken.from(authorization, body, json)
                    .orElseThrow(() -> unauthorized("No token presented: send 'Authorization: Bearer <token>'"));
        } catch (IllegalArgumentException e) {
            throw unauthorized(e.getMessage());
        }
        try {
            VerifiedToken verified = verifier.verify(token);
            return new ValidationResponse(verified.userId(), verified.claims());
        } catch (TokenRejectedException e) {
            throw unauthorized("Token rejected: " + e.getMessage());
        }
    }

    private static ApiProblem unauthorized(String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "Invalid token", detail);
    }
}
