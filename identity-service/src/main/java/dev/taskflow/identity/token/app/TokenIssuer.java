package dev.taskflow.identity.token.app;

import dev.taskflow.identity.token.TokenProperties;
import dev.taskflow.identity.token.keys.SigningKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;

/** Signs access tokens. */
@Service
public class TokenIssuer {

    private final JwtEncoder encoder;
    private final TokenProperties properties;
    private final String keyId;
    private final Clock clock;
    private final PlatformRoles roles;

    TokenIssuer(JwtEncoder encoder, TokenProperties properties, SigningKey key, Clock clock, PlatformRoles roles) {
        this.encoder = encoder;
        this.roles = roles;
        this.properties = properties;
        this.keyId = key.keyId();
        this.clock = clock;
    }

    public IssuedToken issue(TokenSubject subject) {
        // whole seconds: JWT times have no fractions, and expiresIn must agree with exp
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(properties.ttl());
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).type("JWT").build();
        // only operators get a roles claim; everyone else's token has none (not an empty list)
        List<String> platformRoles = roles.of(subject.username());
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .audience(List.of(properties.audience()))
                .subject(subject.userId())
                .claim("preferred_username", subject.username())
                .claim("name", subject.displayName())
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(expiresAt)
                .id(UUID.randomUUID().toString());
        if (!platformRoles.isEmpty()) {
            claims.claim("roles", platformRoles);
        }
        String token = encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
        return new IssuedToken(token, expiresAt, properties.ttl());
    }
}
