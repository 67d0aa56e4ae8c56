package dev.taskflow.identity.user.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.UUID;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * BCrypt over Base64(SHA-256(password)). BCrypt reads at most 72 bytes (Spring refuses longer input)
 * while the policy allows 128 characters, up to 512 bytes of UTF-8; the digest gives it a fixed
 * 44-character ASCII input that keeps every character of the password significant.
 */
@Component
class PasswordHasher {

    private final BCryptPasswordEncoder bcrypt;
    private final String decoyHash;

    PasswordHasher(PasswordSettings settings) {
        this.bcrypt = new BCryptPasswordEncoder(settings.bcryptStrength());
        // a hash nobody knows the password of, made per start so no hash lives in the code
        this.decoyHash = bcrypt.encode(prehash(UUID.randomUUID().toString()));
    }

    String hash(ClearPassword password) {
        return bcrypt.encode(prehash(password.reveal()));
    }

    boolean matches(ClearPassword password, String hash) {
        return bcrypt.matches(prehash(password.reveal()), hash);
    }

    /**
     * Spends the time of a real check for a username that does not exist, so response times do not
     * tell which usernames are registered.
     */
    void matchDecoy(ClearPassword password) {
        bcrypt.matches(prehash(password.reveal()), decoyHash);
    }

    private static String prehash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
