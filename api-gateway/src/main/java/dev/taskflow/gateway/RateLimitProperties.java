package dev.taskflow.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The token buckets of {@link RateLimitFilter} (api-gateway.yml). Each limit is a bucket of {@code capacity}
 * tokens (the burst) refilled at {@code refill-per-second}; a request takes one token, and with none left it
 * is answered 429.
 *
 * @param perUser         per validated user (the user id identity vouched for), on every authenticated route
 * @param perOrganization per {@code X-Organization-Id} header value, on authenticated routes except {@code /admin/**}
 * @param perAddress      per client address (IPv6: per /64), on the public routes ({@code POST /auth/users},
 *                        {@code /auth/token})
 * @param maximumKeys     how many users, organizations and addresses each limit keeps a bucket for; bounds
 *                        memory when a client makes up keys (random organization ids)
 */
@Validated
@ConfigurationProperties("taskflow.gateway.rate-limit")
record RateLimitProperties(@Valid @NotNull Limit perUser, @Valid @NotNull Limit perOrganization,
                           @Valid @NotNull Limit perAddress, @Min(1) @Max(10_000_000) long maximumKeys) {

    /**
     * @param capacity        the most requests let through at once after a quiet spell
     * @param refillPerSecond the sustained rate
     */
    record Limit(@Positive long capacity, @Positive long refillPerSecond) {

        @Override
        public String toString() {
            return refillPerSecond + " requests/s, bursts of " + capacity;
        }
    }
}
