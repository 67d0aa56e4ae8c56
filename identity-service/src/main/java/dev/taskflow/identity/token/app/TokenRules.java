package dev.taskflow.identity.token.app;

import dev.taskflow.identity.token.TokenProperties;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The claim checks a correctly signed token must still pass. Each rule reports a reason of its own
 * wording: the library's messages carry timestamps and values that callers need not see.
 */
final class TokenRules {

    private TokenRules() {
    }

    static OAuth2TokenValidator<Jwt> of(TokenProperties properties, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(List.of(
                // the timestamp check passes a token without exp, which would then never expire
                rule("token lacks a subject or an expiry", new DelegatingOAuth2TokenValidator<>(
                        new JwtClaimValidator<>(JwtClaimNames.SUB, Objects::nonNull),
                        new JwtClaimValidator<>(JwtClaimNames.EXP, Objects::nonNull))),
                rule("token has expired or is not yet valid", timestamps),
                rule("token was not issued by this identity service", new JwtIssuerValidator(properties.issuer())),
                rule("token is not meant for this platform", new JwtAudienceValidator(properties.audience()))));
    }

    private static OAuth2TokenValidator<Jwt> rule(String reason, OAuth2TokenValidator<Jwt> check) {
        OAuth2TokenValidatorResult failure =
                OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, reason, null));
        return jwt -> check.validate(jwt).hasErrors() ? failure : OAuth2TokenValidatorResult.success();
    }
}
