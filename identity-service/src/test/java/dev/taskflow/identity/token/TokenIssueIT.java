package dev.taskflow.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.taskflow.identity.IdentityIntegrationTest;
import dev.taskflow.identity.token.keys.SigningKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

class TokenIssueIT extends IdentityIntegrationTest {

    @Autowired
    SigningKey signingKey;

    @Test
    void issuesAnRs256TokenWithTheAgreedClaims() throws Exception {
        String username = newUsername();
        String userId = signUp(username, PASSWORD, "Grace Hopper");

        ResponseEntity<JsonNode> response = post("/auth/token", Map.of("username", username, "password", PASSWORD));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getCacheControl()).contains("no-store");
        JsonNode body = response.getBody();
        assertThat(body.get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(body.get("expiresIn").asLong()).isEqualTo(900);

        SignedJWT jwt = SignedJWT.parse(body.get("accessToken").asText());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isNotBlank().isEqualTo(signingKey.keyId());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("taskflow-identity");
        assertThat(claims.getAudience()).containsExactly("taskflow");
        assertThat(claims.getSubject()).isEqualTo(userId);
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo(username);
        assertThat(claims.getStringClaim("name")).isEqualTo("Grace Hopper");
        assertThat(UUID.fromString(claims.getJWTID())).isNotNull();
        Instant issuedAt = claims.getIssueTime().toInstant();
        assertThat(issuedAt).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(issuedAt);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(issuedAt.plusSeconds(900));
    }

    @Test
    void usernameMatchesInAnyLetterCaseAndEveryTokenHasItsOwnId() throws Exception {
        String username = newUsername();
        signUp(username, PASSWORD, "Case");

        String first = tokenFor(username.toUpperCase(), PASSWORD);
        String second = tokenFor(username, PASSWORD);

        assertThat(SignedJWT.parse(first).getJWTClaimsSet().getJWTID())
                .isNotEqualTo(SignedJWT.parse(second).getJWTClaimsSet().getJWTID());
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        String username = newUsername();
        signUp(username, PASSWORD, "Target");

        ResponseEntity<JsonNode> wrongPassword = post("/auth/token", Map.of("username", username, "password", "not the password"));
        ResponseEntity<JsonNode> unknownUser = post("/auth/token", Map.of("username", newUsername(), "password", PASSWORD));

        assertProblem(wrongPassword, HttpStatus.UNAUTHORIZED);
        assertProblem(unknownUser, HttpStatus.UNAUTHORIZED);
        assertThat(wrongPassword.getBody().get("detail").asText())
                .isEqualTo(unknownUser.getBody().get("detail").asText())
                .isEqualTo("Username or password is incorrect");
        assertThat(wrongPassword.getBody().get("title")).isEqualTo(unknownUser.getBody().get("title"));
        assertThat(wrongPassword.getBody().has("accessToken")).isFalse();
    }

    @Test
    void missingPasswordIsABadRequestNamingIt() {
        ResponseEntity<JsonNode> response = post("/auth/token", "{\"username\":\"someone\"}", new HttpHeaders());

        assertProblem(response, HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().get("errors").findValuesAsText("field")).containsExactly("password");
    }
}
