package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationCacheTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final ValidationCache cache = new ValidationCache(Duration.ofSeconds(10), 100, Clock.fixed(NOW, ZoneOffset.UTC));

    private static AuthenticatedUser userWith(Map<String, Object> claims) {
        return new AuthenticatedUser("u-1", claims);
    }

    @Test
    void withoutExpiryTheConfiguredTtlApplies() {
        assertThat(cache.lifetime(userWith(Map.of()), NOW)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aLaterExpiryDoesNotExtendTheTtl() {
        long exp = NOW.plusSeconds(3600).getEpochSecond();
        assertThat(cache.lifetime(userWith(Map.of("exp", exp)), NOW)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aSoonerExpiryShortensTheTtl() {
        long exp = NOW.plusSeconds(3).getEpochSecond();
        assertThat(cache.lifetime(userWith(Map.of("exp", exp)), NOW)).isEqualTo(Duration.ofSeconds(3));
        assertThat(cache.lifetime(userWith(Map.of("exp", String.valueOf(exp))), NOW)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void anExpiredTokenIsNotRemembered() {
        cache.remember("expired-token", userWith(Map.of("exp", NOW.minusSeconds(1).getEpochSecond())));

        assertThat(cache.find("expired-token")).isEmpty();
    }

    @Test
    void aValidTokenIsRememberedUnderItsHashOnly() {
        cache.remember("token-a", userWith(Map.of("exp", NOW.plusSeconds(60).getEpochSecond())));

        assertThat(cache.find("token-a")).map(AuthenticatedUser::userId).contains("u-1");
        assertThat(cache.find("token-b")).isEmpty();
        assertThat(ValidationCache.keyOf("token-a")).hasSize(64).doesNotContain("token-a");
    }
}
