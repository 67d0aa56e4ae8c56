package dev.taskflow.identity.token.app;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import dev.taskflow.identity.token.keys.VerificationKeys;
import java.text.ParseException;
import java.util.Optional;

/**
 * What a token's JOSE header must say (RFC 8725), checked before any cryptography so that each refusal
 * names its rule. The decoder enforces algorithm, key id and type again on its own ({@link KeyIdSelector});
 * these checks are for the reasons, not the only line of defence.
 */
final class TokenHeaderRules {

    private TokenHeaderRules() {
    }

    /** The first rule the header breaks, in terms safe to show the caller; empty when it breaks none. */
    static Optional<String> violation(String token, VerificationKeys keys) {
        // the header alone: a whole-token parse would call {"alg":"None"} with no signature merely malformed
        int endOfHeader = token.indexOf('.');
        if (endOfHeader <= 0) {
            return Optional.of("token is malformed");
        }
        Header parsed;
        try {
            parsed = Header.parse(new Base64URL(token.substring(0, endOfHeader)));
        } catch (ParseException e) {
            return Optional.of("token is malformed");
        }
        // an allow-list of one: "none" in any spelling, HMAC, encryption and everything else is not RS256
        if (!(parsed instanceof JWSHeader header) || !JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            return Optional.of("token is not signed with RS256");
        }
        // RFC 7515 §4.1.11: a parameter marked critical that we do not process means the token must be refused
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return Optional.of("token marks header parameters as critical ('crit'), which this service does not accept");
        }
        // explicit typing (RFC 8725 §3.11): we issue "JWT" and nothing else, so nothing else is one of our tokens
        if (!JOSEObjectType.JWT.equals(header.getType())) {
            return Optional.of("token type ('typ') is not JWT");
        }
        if (header.getKeyID() == null) {
            return Optional.of("token does not name its signing key ('kid')");
        }
        if (keys.byKeyId(header.getKeyID()).isEmpty()) {
            return Optional.of("token names a signing key ('kid') that is not one of ours");
        }
        return Optional.empty();
    }
}
