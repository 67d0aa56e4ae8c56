package dev.taskflow.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import dev.taskflow.identity.IdentityIntegrationTest;
import dev.taskflow.identity.token.keys.SigningKey;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** The JOSE header of a presented token decides nothing but which of our keys verifies it (RFC 8725). */
class TokenHeaderIT extends IdentityIntegrationTest {

    @Autowired
    SigningKey signingKey;

    @Autowired
    JwtDecoder decoder;

    String subject;

    /** Serves an attacker's JWK Set, so that a token's {@code jku}/{@code x5u} point at a real address. */
    HttpServer attackerSite;
    final AtomicInteger attackerSiteRequests = new AtomicInteger();
    final RSAKey attackerKey = Jwts.freshRsaKey("attacker-" + UUID.randomUUID());

    @BeforeEach
    void setUp() throws Exception {
        subject = UUID.randomUUID().toString();
        attackerSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = new JWKSet(attackerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        attackerSite.createContext("/", exchange -> {
            attackerSiteRequests.incrementAndGet();
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        attackerSite.start();
    }

    @AfterEach
    void stopAttackerSite() {
        attackerSite.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void algNoneIsRefusedInEverySpelling(String none) {
        String token = Jwts.withRawHeader(
                "{\"alg\":\"" + none + "\",\"typ\":\"JWT\",\"kid\":\"" + signingKey.keyId() + "\"}",
                Jwts.validClaims(subject).build());

        assertRejected(validateWithHeader("Bearer " + token), "RS256");
    }

    @Test
    void tokenWithoutKidIsRefusedEvenWithOurSignature() {
        JWSHeader noKid = Jwts.rs256Header(signingKey.jwk()).keyID(null).build();
        String token = Jwts.rs256(signingKey.jwk(), noKid, Jwts.validClaims(subject).build());

        assertRejected(validateWithHeader("Bearer " + token), "does not name its signing key");
    }

    @Test
    void tokenWithAnUnknownKidIsRefused() {
        RSAKey foreign = Jwts.freshRsaKey("not-ours-" + UUID.randomUUID());
        String foreignToken = Jwts.rs256(foreign, Jwts.validClaims(subject).build());
        // our signature does not help a kid we never issued either
        String ourKeyOtherKid = Jwts.rs256(signingKey.jwk(),
                Jwts.rs256Header(signingKey.jwk()).keyID("not-ours").build(), Jwts.validClaims(subject).build());

        assertRejected(validateWithHeader("Bearer " + foreignToken), "not one of ours");
        assertRejected(validateWithHeader("Bearer " + ourKeyOtherKid), "not one of ours");
    }

    @Test
    void foreignKeyClaimingOurKidIsRefused() {
        String token = Jwts.rs256(Jwts.freshRsaKey(signingKey.keyId()), Jwts.validClaims(subject).build());

        assertRejected(validateWithHeader("Bearer " + token), "signature does not verify");
    }

    @Test
    void keysReferencedOrEmbeddedInTheHeaderAreNeverUsed() throws Exception {
        URI jwksUrl = URI.create("http://127.0.0.1:" + attackerSite.getAddress().getPort() + "/jwks.json");
        URI certUrl = URI.create("http://127.0.0.1:" + attackerSite.getAddress().getPort() + "/cert.pem");
        for (String kid : List.of(attackerKey.getKeyID(), signingKey.keyId())) {
            JWSHeader pointsElsewhere = Jwts.rs256Header(attackerKey).keyID(kid)
                    .jwkURL(jwksUrl).jwk(attackerKey.toPublicJWK()).x509CertURL(certUrl).build();
            String token = Jwts.rs256(attackerKey, pointsElsewhere, Jwts.validClaims(subject).build());

            ResponseEntity<JsonNode> response = validateWithHeader("Bearer " + token);

            assertProblem(response, HttpStatus.UNAUTHORIZED);
        }
        assertThat(attackerSiteRequests).as("requests to the URLs in jku/x5u").hasValue(0);
    }

    /** Control for the test above: the references are ignored, not a reason to refuse a token we signed. */
    @Test
    void keyReferencesDoNotSpoilATokenWeSigned() {
        JWSHeader withReferences = Jwts.rs256Header(signingKey.jwk())
                .jwkURL(URI.create("http://127.0.0.1:" + attackerSite.getAddress().getPort() + "/jwks.json"))
                .jwk(attackerKey.toPublicJWK()).build();
        String token = Jwts.rs256(signingKey.jwk(), withReferences, Jwts.validClaims(subject).build());

        ResponseEntity<JsonNode> response = validateWithHeader("Bearer " + token);

        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody().get("userId").asText()).isEqualTo(subject);
        assertThat(attackerSiteRequests).hasValue(0);
    }

    @Test
    void tokenTypeOtherThanJwtIsRefused() {
        for (JOSEObjectType type : new JOSEObjectType[] {new JOSEObjectType("at+jwt"), JOSEObjectType.JOSE, null}) {
            JWSHeader header = Jwts.rs256Header(signingKey.jwk()).type(type).build();
            String token = Jwts.rs256(signingKey.jwk(), header, Jwts.validClaims(subject).build());

            assertRejected(validateWithHeader("Bearer " + token), "typ");
        }
    }

    @Test
    void criticalHeaderParametersAreRefused() {
        JWSHeader header = Jwts.rs256Header(signingKey.jwk())
                .customParam("urn:example:must-understand", true)
                .criticalParams(Set.of("urn:example:must-understand")).build();
        String token = Jwts.rs256(signingKey.jwk(), header, Jwts.validClaims(subject).build());

        assertRejected(validateWithHeader("Bearer " + token), "crit");
    }

    @Test
    void headerThatIsNotJsonIsMalformed() {
        String claims = Base64URL.encode(Jwts.validClaims(subject).build().toString()).toString();

        assertRejected(validateWithHeader("Bearer " + Base64URL.encode("{not json") + "." + claims + ".c2ln"), "malformed");
    }

    /**
     * The decoder does not rely on the header rules that give the reasons: on its own it refuses the
     * same tokens, while it accepts the control.
     */
    @Test
    void theDecoderAloneRefusesWhatTheHeaderRulesRefuse() {
        JWTClaimsSet claims = Jwts.validClaims(subject).build();
        RSAKey ours = signingKey.jwk();
        Map<String, String> refused = Map.of(
                "alg nOnE", Jwts.withRawHeader("{\"alg\":\"nOnE\",\"typ\":\"JWT\",\"kid\":\"" + ours.getKeyID() + "\"}", claims),
                "no kid", Jwts.rs256(ours, Jwts.rs256Header(ours).keyID(null).build(), claims),
                "unknown kid", Jwts.rs256(ours, Jwts.rs256Header(ours).keyID("not-ours").build(), claims),
                "typ at+jwt", Jwts.rs256(ours, Jwts.rs256Header(ours).type(new JOSEObjectType("at+jwt")).build(), claims),
                "no typ", Jwts.rs256(ours, Jwts.rs256Header(ours).type(null).build(), claims),
                "crit", Jwts.rs256(ours, Jwts.rs256Header(ours).customParam("urn:example:x", 1)
                        .criticalParams(Set.of("urn:example:x")).build(), claims),
                "foreign key, our kid", Jwts.rs256(Jwts.freshRsaKey(ours.getKeyID()), claims));

        assertThat(decoder.decode(Jwts.rs256(ours, claims)).getSubject()).isEqualTo(subject);
        refused.forEach((what, token) -> assertThatThrownBy(() -> decoder.decode(token)).as(what)
                .isInstanceOf(JwtException.class));
    }

    private static void assertRejected(ResponseEntity<JsonNode> response, String reason) {
        assertProblem(response, HttpStatus.UNAUTHORIZED);
        assertThat(response.getBody().get("detail").asText()).containsIgnoringCase(reason);
        assertThat(response.getBody().has("userId")).isFalse();
    }
}
