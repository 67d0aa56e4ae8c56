package dev.taskflow.platform;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Tokens an attacker could bring, built with the platform's real signing key where the attack needs one (an
 * expired token is only interesting if its signature is good). Claims are honest unless a method changes one.
 */
final class ForgedTokens {

    private final PrivateKey signingKey;
    private final RSAKey publicJwk;
    private final String userId;

    private ForgedTokens(PrivateKey signingKey, RSAKey publicJwk, String userId) {
        this.signingKey = signingKey;
        this.publicJwk = publicJwk;
        this.userId = userId;
    }

    /** @param jwks the identity service's JWKS document; its first key is the one the key file holds */
    static ForgedTokens forUser(Path keyFile, String jwks, String userId) {
        try {
            String pem = Files.readString(keyFile, StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            return new ForgedTokens(key, JWKSet.parse(jwks).getKeys().get(0).toRSAKey(), userId);
        } catch (IOException | NoSuchAlgorithmException | InvalidKeySpecException | ParseException e) {
            throw new IllegalStateException("cannot read the platform's signing key", e);
        }
    }

    JWTClaimsSet.Builder honestClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("taskflow-identity").audience(List.of("taskflow")).subject(userId)
                .claim("preferred_username", "forger").issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    }

    /** Signed with our key and our kid: a valid token, unless the claims say otherwise. */
    String signed(JWTClaimsSet claims) {
        return rsa(signingKey, publicJwk.getKeyID(), claims);
    }

    String signedWithoutKid() {
        return rsa(signingKey, null, honestClaims().build());
    }

    String signedWithUnknownKid() {
        return rsa(signingKey, "not-one-of-ours", honestClaims().build());
    }

    /** Somebody else's key claiming our kid, and offering its own public key in the header to check with. */
    String signedByAnotherKeyClaimingOurKid() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            RSAKey embedded = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(publicJwk.getKeyID()).build();
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(publicJwk.getKeyID()).type(JOSEObjectType.JWT)
                    .jwk(embedded).build();
            SignedJWT jwt = new SignedJWT(header, honestClaims().build());
            jwt.sign(new RSASSASigner(pair.getPrivate()));
            return jwt.serialize();
        } catch (NoSuchAlgorithmException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The classic key confusion: HS256 with our public key (as PEM) as the shared secret. */
    String hmacWithOurPublicKey() {
        try {
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(publicJwk.toRSAPublicKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(publicJwk.getKeyID()).type(JOSEObjectType.JWT).build();
            SignedJWT jwt = new SignedJWT(header, honestClaims().build());
            jwt.sign(new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** No signature at all, with the algorithm spelled {@code spelling}. */
    String unsigned(String spelling) {
        String header = "{\"alg\":\"" + spelling + "\",\"typ\":\"JWT\",\"kid\":\"" + publicJwk.getKeyID() + "\"}";
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(honestClaims().build().toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String rsa(PrivateKey key, String kid, JWTClaimsSet claims) {
        try {
            JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT);
            if (kid != null) {
                header.keyID(kid);
            }
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
