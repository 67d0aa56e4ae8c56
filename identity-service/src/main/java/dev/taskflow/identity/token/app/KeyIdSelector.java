package dev.taskflow.identity.token.app;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import dev.taskflow.identity.token.keys.VerificationKeys;
import java.security.Key;
import java.util.List;

/**
 * The one key a signature is checked with: ours with the token's exact {@code kid}, for RS256 only
 * (RFC 8725 §3.1). Header parameters that point at keys elsewhere ({@code jku}, {@code jwk},
 * {@code x5u}, {@code x5c}) are never read: the signer must not choose the key that verifies it.
 */
final class KeyIdSelector implements JWSKeySelector<SecurityContext> {

    private final VerificationKeys keys;

    KeyIdSelector(VerificationKeys keys) {
        this.keys = keys;
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) {
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            return List.of();
        }
        return keys.byKeyId(header.getKeyID()).map(List::of).orElse(List.of());
    }
}
