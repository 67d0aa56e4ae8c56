package dev.taskflow.identity.token.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.taskflow.identity.token.TokenProperties;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
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
        SigningKey signingKey = new SigningKey(jwk(pair, properties.keyId()));
        log.info("Signing tokens with key {} from {}", signingKey.keyId(), properties.signingKeyFile().toAbsolutePath());
        return signingKey;
    }

    @Bean
    VerificationKeys verificationKeys(SigningKey current, TokenProperties properties) throws JOSEException {
        List<RSAKey> keys = new ArrayList<>(List.of(current.jwk()));
        Path previousFile = properties.previousSigningKeyFile();
        if (previousFile != null) {
            RSAKey previous = jwk(SigningKeyFile.loadPrevious(previousFile), properties.previousKeyId());
            if (previous.getModulus().equals(current.jwk().getModulus())) {
                // most likely the old file was not swapped for the new one: nothing would be rotated
                throw new SigningKeyUnavailableException(previousFile, SigningKeyRole.PREVIOUS,
                        "is the same key as the current signing key");
            }
            if (previous.getKeyID().equals(current.keyId())) {
                throw new SigningKeyUnavailableException(previousFile, SigningKeyRole.PREVIOUS,
                        "has the same key id (" + previous.getKeyID() + ") as the current signing key; "
                                + "tokens must name the key that signed them");
            }
            keys.add(previous);
            log.info("Also accepting tokens signed with the previous key {} from {} (key rotation)",
                    previous.getKeyID(), previousFile.toAbsolutePath());
        }
        return new VerificationKeys(keys);
    }

    private static RSAKey jwk(KeyPair pair, String configuredKeyId) throws JOSEException {
        RSAKey.Builder key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey(pair.getPrivate())
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256);
        if (StringUtils.hasText(configuredKeyId)) {
            key.keyID(configuredKeyId);
        } else {
            // derived from the key itself, so it stays the same across restarts and instances
            key.keyIDFromThumbprint();
        }
        return key.build();
    }
}
