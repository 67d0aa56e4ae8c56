package dev.taskflow.identity.token.web;

import dev.taskflow.identity.token.keys.SigningKey;
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
 * The public key, for anyone who prefers checking tokens locally to calling /auth/validate. Served
 * under /auth/** too because that is the prefix the gateway routes here.
 */
@Tag(name = "Keys")
@RestController
class JwksController {

    private final Map<String, Object> publicJwkSet;

    JwksController(SigningKey key) {
        this.publicJwkSet = key.publicJwkSet().toJSONObject(true);
    }

    @Operation(summary = "JSON Web Key Set with the token signing key's public half")
    @GetMapping(path = {"/auth/jwks.json", "/.well-known/jwks.json"},
            produces = {MediaType.APPLICATION_JSON_VALUE, "application/jwk-set+json"})
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(publicJwkSet);
    }
}
