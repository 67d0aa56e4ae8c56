package dev.taskflow.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.taskflow.identity.IdentityIntegrationTest;
import dev.taskflow.identity.token.keys.SigningKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

class JwksIT extends IdentityIntegrationTest {

    @Autowired
    SigningKey signingKey;

    @Test
    void bothAddressesPublishOnlyThePublicKeyUnderOurKeyId() {
        for (String path : new String[] {"/auth/jwks.json", "/.well-known/jwks.json"}) {
            ResponseEntity<JsonNode> response = http.getForEntity(path, JsonNode.class);

            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
            JsonNode keys = response.getBody().get("keys");
            assertThat(keys).as(path).hasSize(1);
            JsonNode key = keys.get(0);
            assertThat(key.get("kid").asText()).isEqualTo(signingKey.keyId());
            assertThat(key.get("kty").asText()).isEqualTo("RSA");
            assertThat(key.get("alg").asText()).isEqualTo("RS256");
            assertThat(key.get("use").asText()).isEqualTo("sig");
            assertThat(key.has("n")).isTrue();
            assertThat(key.has("e")).isTrue();
            for (String privatePart : new String[] {"d", "p", "q", "dp", "dq", "qi"}) {
                assertThat(key.has(privatePart)).as(path + " leaks " + privatePart).isFalse();
            }
        }
    }

    @Test
    void publishedKeyVerifiesAnIssuedToken() throws Exception {
        String username = newUsername();
        signUp(username, PASSWORD, "Verifier");
        SignedJWT token = SignedJWT.parse(tokenFor(username, PASSWORD));

        JWKSet published = JWKSet.parse(http.getForObject("/auth/jwks.json", String.class));
        RSAKey key = (RSAKey) published.getKeyByKeyId(token.getHeader().getKeyID());

        assertThat(key).isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(token.verify(new RSASSAVerifier(key))).isTrue();
        // and a key that is not ours does not verify it, so the check above means something
        assertThat(token.verify(new RSASSAVerifier(Jwts.freshRsaKey("other").toPublicJWK()))).isFalse();
    }
}
