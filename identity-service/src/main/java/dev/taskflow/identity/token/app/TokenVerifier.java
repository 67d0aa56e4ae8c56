package dev.taskflow.identity.token.app;

import dev.taskflow.identity.token.keys.VerificationKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.stereotype.Service;

/** Decides whether a token is one of ours and still good. */
@Service
public class TokenVerifier {

    private static final Logger log = LoggerFactory.getLogger(TokenVerifier.class);

    private final JwtDecoder decoder;
    private final VerificationKeys keys;

    TokenVerifier(JwtDecoder decoder, VerificationKeys keys) {
        this.decoder = decoder;
        this.keys = keys;
    }

    /** @throws TokenRejectedException for anything short of a valid token, with a general reason */
    public VerifiedToken verify(String token) {
        TokenHeaderRules.violation(token, keys).ifPresent(reason -> {
            log.debug("Rejected token: {}", reason);
            throw new TokenRejectedException(reason);
        });
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtValidationException e) {
            throw rejected(e.getErrors().stream().map(OAuth2Error::getDescription).collect(Collectors.joining("; ")), e);
        } catch (BadJwtException e) {
            // the header passed TokenHeaderRules, so what is left is the signature or an unreadable payload
            throw rejected("token's signature does not verify, or the token is malformed", e);
        } catch (JwtException e) {
            throw rejected("token could not be processed", e);
        }
        return new VerifiedToken(jwt.getSubject(), jwtForm(jwt.getClaims()));
    }

    private static TokenRejectedException rejected(String reason, JwtException cause) {
        // the library's message is for operators (never the token itself, which is a credential)
        log.debug("Rejected token: {} ({})", reason, cause.getMessage());
        return new TokenRejectedException(reason);
    }

    /** Spring turns time claims into Instants; callers of a JWT API expect NumericDate seconds back. */
    private static Map<String, Object> jwtForm(Map<String, Object> claims) {
        Map<String, Object> out = new LinkedHashMap<>();
        claims.forEach((name, value) -> out.put(name, value instanceof Instant instant ? instant.getEpochSecond() : value));
        return out;
    }
}
