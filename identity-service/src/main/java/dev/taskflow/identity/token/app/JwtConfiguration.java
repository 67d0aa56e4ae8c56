package dev.taskflow.identity.token.app;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.taskflow.identity.token.TokenProperties;
import dev.taskflow.identity.token.keys.SigningKey;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

@Configuration(proxyBeanMethods = false)
class JwtConfiguration {

    @Bean
    Clock tokenClock() {
        return Clock.systemUTC();
    }

    @Bean
    JwtEncoder jwtEncoder(SigningKey key) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key.jwk())));
    }

    /**
     * Accepts only RS256 signatures by our own public key: a token with {@code alg: none}, an HMAC
     * algorithm (which would treat our public key as a shared secret) or any other key is refused
     * before its claims are looked at.
     */
    @Bean
    JwtDecoder jwtDecoder(SigningKey key, TokenProperties properties, Clock tokenClock) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key.publicKey())
                .signatureAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(TokenRules.of(properties, tokenClock));
        return decoder;
    }
}
