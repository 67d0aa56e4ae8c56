package dev.taskflow.identity.token.app;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.taskflow.identity.token.TokenProperties;
import dev.taskflow.identity.token.keys.SigningKey;
import dev.taskflow.identity.token.keys.VerificationKeys;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

@Configuration(proxyBeanMethods = false)
class JwtConfiguration {

    @Bean
    JwtEncoder jwtEncoder(SigningKey key) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key.jwk())));
    }

    /**
     * Accepts only RS256 signatures by one of our own public keys, chosen by {@code kid}: a token with
     * {@code alg: none}, an HMAC algorithm (which would treat our public key as a shared secret), an
     * unknown or missing {@code kid}, another {@code typ} or any other key is refused before its claims
     * are looked at.
     */
    @Bean
    JwtDecoder jwtDecoder(VerificationKeys keys, TokenProperties properties, Clock clock) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new KeyIdSelector(keys));
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        // the claims are TokenRules' business: Nimbus' own check would add a fixed 60 s skew on the system clock
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(TokenRules.of(properties, clock));
        return decoder;
    }
}
