package dev.taskflow.identity.token.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public keys a token of ours can be signed with, by {@code kid}: the current signing key first,
 * then, during a rotation, the previous one. Public halves only: the previous key never signs again.
 */
public final class VerificationKeys {

    private final Map<String, RSAKey> byKeyId = new LinkedHashMap<>();

    VerificationKeys(List<RSAKey> keys) {
        for (RSAKey key : keys) {
            if (byKeyId.putIfAbsent(key.getKeyID(), key.toPublicJWK()) != null) {
                throw new IllegalArgumentException("two verification keys share the key id " + key.getKeyID());
            }
        }
    }

    /** The public key with this exact {@code kid}; empty for null or a key id that is not ours. */
    public Optional<RSAPublicKey> byKeyId(String keyId) {
        if (keyId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byKeyId.get(keyId)).map(VerificationKeys::rsa);
    }

    /** What the JWKS publishes, current key first. */
    public JWKSet publicJwkSet() {
        return new JWKSet(List.<JWK>copyOf(byKeyId.values()));
    }

    private static RSAPublicKey rsa(RSAKey key) {
        try {
            return key.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException("verification key " + key.getKeyID() + " has no usable public part", e);
        }
    }

    @Override
    public String toString() {
        return "VerificationKeys" + byKeyId.keySet();
    }
}
