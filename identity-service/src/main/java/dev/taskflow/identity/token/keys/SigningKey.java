package dev.taskflow.identity.token.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.interfaces.RSAPublicKey;

/** The RSA key pair that signs tokens, with its key id. */
public record SigningKey(RSAKey jwk) {

    public String keyId() {
        return jwk.getKeyID();
    }

    public RSAPublicKey publicKey() {
        try {
            return jwk.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException("signing key has no usable public part", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + keyId() + "]";
    }
}
