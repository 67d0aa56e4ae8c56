package dev.taskflow.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reuses a successful validation for a few seconds so a burst of requests costs identity one call.
 * Refusals are not kept: a user who just logged in must not stay locked out. The key is a SHA-256 of
 * the token so that a heap dump does not hand out usable tokens. An entry never outlives the token's
 * {@code exp}, so an expired token is never accepted from here.
 */
@Component
class ValidationCache {

    private final Cache<String, Entry> cache;
    private final Duration ttl;
    private final Clock clock;

    @Autowired
    ValidationCache(GatewayProperties properties) {
        this(properties.auth().cacheTtl(), properties.auth().cacheMaximumSize(), Clock.systemUTC());
    }

    ValidationCache(Duration ttl, long maximumSize, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(new PerEntryLifetime())
                .build();
    }

    Optional<AuthenticatedUser> find(String token) {
        return Optional.ofNullable(cache.getIfPresent(keyOf(token))).map(Entry::user);
    }

    void remember(String token, AuthenticatedUser user) {
        Duration lifetime = lifetime(user, clock.instant());
        if (!lifetime.isZero() && !lifetime.isNegative()) {
            cache.put(keyOf(token), new Entry(user, lifetime));
        }
    }

    /** The configured TTL, cut short by the token's exp claim (epoch seconds) when identity reports one. */
    Duration lifetime(AuthenticatedUser user, Instant now) {
        Object exp = user.claims().get("exp");
        Long expiresAt = null;
        if (exp instanceof Number number) {
            expiresAt = number.longValue();
        } else if (exp instanceof String text && text.matches("\\d{1,18}")) {
            expiresAt = Long.parseLong(text);
        }
        if (expiresAt == null) {
            return ttl;
        }
        Duration untilExpiry = Duration.between(now, Instant.ofEpochSecond(expiresAt));
        return untilExpiry.compareTo(ttl) < 0 ? untilExpiry : ttl;
    }

    static String keyOf(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    private record Entry(AuthenticatedUser user, Duration lifetime) {
    }

    private static final class PerEntryLifetime implements Expiry<String, Entry> {

        @Override
        public long expireAfterCreate(String key, Entry entry, long currentTime) {
            return entry.lifetime().toNanos();
        }

        @Override
        public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
            return entry.lifetime().toNanos();
        }

        @Override
        public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
