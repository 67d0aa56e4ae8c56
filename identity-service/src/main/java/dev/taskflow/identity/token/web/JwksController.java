package dev.taskflow.identity.token.web;

import dev.taskflow.identity.token.keys.VerificationKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public keys, for anyone who prefers checking tokens locally to calling /auth/validate: the current
 * one first, and during a key rotation the previous one, whose tokens are still valid. Served under
 * /auth/** too because that is the prefix the gateway routes here.
 */
@Tag(name = "Keys")
@RestController
class JwksController {

    private final Map<String, Object> publicJwkSet;

    JwksController(VerificationKeys keys) {
        this.publicJwkSet = keys.publicJwkSet().toJSONObject(true);
    }

    @Operation(summary = "JSON Web Key Set with the public halves of the token signing keys")
    @GetMapping(path = {"/auth/jwks.json", "/.well-known/jwks.json"},
            produces = {MediaType.APPLICATION_JSON_VALUE, "application/jwk-set+json"})
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(publicJwkSet);
    }
}
