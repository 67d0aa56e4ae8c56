package dev.taskflow.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.taskflow.identity.IdentityIntegrationTest;
import dev.taskflow.identity.token.keys.SigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

class TokenValidationIT extends IdentityIntegrationTest {

    @Autowired
    SigningKey signingKey;

    String subject;

    @BeforeEach
    void subject() {
        subject = UUID.randomUUID().toString();
    }

    @Test
    void issuedTokenIsValidAndNamesItsUser() throws Exception {
        String username = newUsername();
        String userId = signUp(username, PASSWORD, "Valid User");
        String token = tokenFor(username, PASSWORD);

        ResponseEntity<JsonNode> response = validateWithHeader("Bearer " + token);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = response.getBody();
        assertThat(body.get("userId").asText()).isEqualTo(userId);
        JsonNode claims = body.get("claims");
        assertThat(claims.get("sub").asText()).isEqualTo(userId);
        assertThat(claims.get("iss").asText()).isEqualTo("taskflow-identity");
        assertThat(claims.get("aud").get(0).asText()).isEqualTo("taskflow");
        assertThat(claims.get("preferred_username").asText()).isEqualTo(username);
        assertThat(claims.get("name").asText()).isEqualTo("Valid User");
        assertThat(claims.get("jti").asText()).isEqualTo(SignedJWT.parse(token).getJWTClaimsSet().getJWTID());
        assertThat(claims.get("exp").isIntegralNumber()).isTrue();
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        String token = Jwts.rs256(signingKey.jwk(), Jwts.validClaims(subject).build());

        assertThat(validateWithHeader("bearer " + token).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void tokenInAJsonBodyIsAcceptedWhenTheHeaderIsAbsent() {
        String token = Jwts.rs256(signingKey.jwk(), Jwts.validClaims(subject).build());

        ResponseEntity<JsonNode> response = post("/auth/validate", Map.of("token", token));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody().get("userId").asText()).isEqualTo(subject);
    }

    /** Control for the forgeries below: the same recipe with our key and honest claims passes. */
    @Test
    void handMadeTokenWithOurKeyAndHonestClaimsIsAccepted() {
        String token = Jwts.rs256(signingKey.jwk(), Jwts.validClaims(subject).build());

        ResponseEntity<JsonNode> response = validateWithHeader("Bearer " + token);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody().get("userId").asText()).isEqualTo(subject);
    }

    @Test
    void missingTokenIsUnauthorized() {
        ResponseEntity<JsonNode> response = post("/auth/validate", null, new HttpHeaders());

        assertRejected(response, "No token");
    }

    @Test
    void headerWithAnotherSchemeIsUnauthorized() {
        String token = Jwts.rs256(signingKey.jwk(), Jwts.validClaims(subject).build());

        assertRejected(validateWithHeader("Basic " + token), "Bearer");
    }

    @Test
    void garbageIsUnauthorized() {
        assertRejected(validateWithHeader("Bearer not.a.jwt"), "malformed");
        assertRejected(validateWithHeader("Bearer garbage"), "malformed");
    }

    @Test
    void unreadableBodyWithoutHeaderIsUnauthorized() {
        assertRejected(post("/auth/validate", "{nope", new HttpHeaders()), "No token");
    }

    @Test
    void tokenSignedByAnotherRsaKeyIsUnauthorized() {
        // even when it claims our key id
        String token = Jwts.rs256(Jwts.freshRsaKey(signingKey.keyId()), Jwts.validClaims(subject).build());

        assertRejected(validateWithHeader("Bearer " + token), "signature");
    }

    @Test
    void tamperedClaimsBreakTheSignature() throws Exception {
        String username = newUsername();
        signUp(username, PASSWORD, "Tamper");
        String[] parts = tokenFor(username, PASSWORD).split("\\.");
        JWTClaimsSet original = JWTClaimsSet.parse(new String(Base64.getUrlDecoder().decode(parts[1])));
        JWTClaimsSet changed = new JWTClaimsSet.Builder(original).subject(subject).build();
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(changed.toString().getBytes()) + "." + parts[2];

        assertRejected(validateWithHeader("Bearer " + forged), "signature");
    }

    @Test
    void unsignedTokenIsUnauthorized() {
        String token = Jwts.unsigned(Jwts.validClaims(subject).build());

        assertRejected(validateWithHeader("Bearer " + token), "RS256");
        assertRejected(post("/auth/validate", Map.of("token", token)), "RS256");
    }

    @Test
    void hs256TokenKeyedWithOurPublicKeyIsUnauthorized() {
        String token = Jwts.hs256KeyedWith(signingKey.publicKey().getEncoded(), signingKey.keyId(),
                Jwts.validClaims(subject).build());

        assertRejected(validateWithHeader("Bearer " + token), "RS256");
    }

    @Test
    void expiredTokenIsUnauthorized() {
        Instant past = Instant.now().minus(Duration.ofMinutes(20));
        String token = Jwts.rs256(signingKey.jwk(), Jwts.validClaims(subject)
                .issueTime(Date.from(past)).notBeforeTime(Date.from(past))
                .expirationTime(Date.from(past.plus(Duration.ofMinutes(15)))).build());

        assertRejected(validateWithHeader("Bearer " + token), "expired");
    }

    @Test
    void expiryWithinTheClockSkewIsTolerated() {
        Instant issued = Instant.now().minus(Duration.ofMinutes(15));
        String token = Jwts.rs256(signingKey.jwk(), Jwts.validClaims(subject)
                .issueTime(Date.from(issued)).notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(Instant.now().minusSeconds(5))).build());

        ResponseEntity<JsonNode> response = validateWithHeader("Bearer " + token);
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void tokenNotYetValidIsUnauthorized() {
        Instant future = Instant.now().plus(Duration.ofMinutes(5));
        String token = Jwts.rs256(signingKey.jwk(), Jwts.validClaims(subject)
                .notBeforeTime(Date.from(future)).expirationTime(Date.from(future.plus(Duration.ofMinutes(15)))).build());

        assertRejected(validateWithHeader("Bearer " + token), "not yet valid");
    }

    @Test
    void tokenWithoutExpiryIsUnauthorized() {
        String token = Jwts.rs256(signingKey.jwk(), Jwts.validClaims(subject).expirationTime(null).build());

        assertRejected(validateWithHeader("Bearer " + token), "expiry");
    }

    @Test
    void tokenFromAnotherIssuerIsUnauthorized() {
        String token = Jwts.rs256(signingKey.jwk(), Jwts.validClaims(subject).issuer("someone-else").build());

        assertRejected(validateWithHeader("Bearer " + token), "not issued by");
    }

    @Test
    void tokenForAnotherAudienceIsUnauthorized() {
        String token = Jwts.rs256(signingKey.jwk(), Jwts.validClaims(subject).audience("another-platform").build());

        assertRejected(validateWithHeader("Bearer " + token), "not meant for");
    }

    private static void assertRejected(ResponseEntity<JsonNode> response, String reason) {
        assertProblem(response, HttpStatus.UNAUTHORIZED);
        assertThat(response.getBody().get("detail").asText()).containsIgnoringCase(reason);
        assertThat(response.getBody().has("userId")).isFalse();
    }
}
