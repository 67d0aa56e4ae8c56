package dev.taskflow.identity.token.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.taskflow.identity.token.TokenProperties;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

@Configuration(proxyBeanMethods = false)
class SigningKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyConfiguration.class);

    @Bean
    SigningKey signingKey(TokenProperties properties) throws JOSEException {
        KeyPair pair = SigningKeyFile.loadOrCreate(properties.signingKeyFile(), properties.generateKeyIfMissing());
        RSAKey.Builder key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey(pair.getPrivate())
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256);
        if (StringUtils.hasText(properties.keyId())) {
            key.keyID(properties.keyId());
        } else {
            // derived from the key itself, so it stays the same across restarts and instances
            key.keyIDFromThumbprint();
        }
        SigningKey signingKey = new SigningKey(key.build());
        log.info("Signing tokens with key {} from {}", signingKey.keyId(), properties.signingKeyFile().toAbsolutePath());
        return signingKey;
    }
}
