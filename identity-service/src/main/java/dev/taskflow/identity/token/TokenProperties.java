package dev.taskflow.identity.token;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How tokens are issued and checked.
 *
 * @param issuer               {@code iss} of issued tokens, and the only one accepted
 * @param audience             {@code aud} of issued tokens, and the one a token must name
 * @param ttl                  lifetime of an access token
 * @param clockSkew            tolerance for {@code exp} and {@code nbf} between hosts' clocks
 * @param signingKeyFile       PEM file with the PKCS#8 RSA private key that signs tokens
 * @param generateKeyIfMissing create that file with a fresh key when it does not exist
 * @param keyId                {@code kid}; blank means the RFC 7638 thumbprint of the public key
 * @param previousSigningKeyFile during a key rotation, the PEM file of the key that signed tokens before:
 *                             it only verifies, it never signs and is never generated. Null when not rotating
 * @param previousKeyId        {@code kid} of the previous key; blank means its RFC 7638 thumbprint
 */
@Validated
@ConfigurationProperties("taskflow.identity.token")
public record TokenProperties(
        @NotBlank @DefaultValue("taskflow-identity") String issuer,
        @NotBlank @DefaultValue("taskflow") String audience,
        @NotNull @DefaultValue("15m") Duration ttl,
        @NotNull @DefaultValue("30s") Duration clockSkew,
        @NotNull Path signingKeyFile,
        @DefaultValue("false") boolean generateKeyIfMissing,
        String keyId,
        Path previousSigningKeyFile,
        String previousKeyId) {

    public TokenProperties {
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("taskflow.identity.token.ttl must be positive, was " + ttl);
        }
        if (clockSkew != null && clockSkew.isNegative()) {
            throw new IllegalArgumentException("taskflow.identity.token.clock-skew must not be negative, was " + clockSkew);
        }
        // the yml passes an unset IDENTITY_PREVIOUS_SIGNING_KEY_FILE as an empty path, which means "no rotation"
        if (previousSigningKeyFile != null && previousSigningKeyFile.toString().isBlank()) {
            previousSigningKeyFile = null;
        }
    }
}
