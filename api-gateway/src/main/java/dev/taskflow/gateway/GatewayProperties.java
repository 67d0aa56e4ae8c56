package dev.taskflow.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where the services live, how long the edge trusts identity's answers, when it stops calling a
 * service that fails, how it looks at the services' health, and how large a request body may be
 * (api-gateway.yml).
 *
 * @param maxBodySize the largest request body forwarded; a larger one is answered 413 ({@link BodySizeLimitFilter})
 */
@Validated
@ConfigurationProperties("taskflow.gateway")
record GatewayProperties(@Valid @NotNull Services services, @Valid @NotNull Auth auth,
                         @Valid @NotNull CircuitBreaker circuitBreaker,
                         @Valid @NotNull DownstreamHealth downstreamHealth,
                         @NotNull DataSize maxBodySize, @NotNull DataSize maxHeaderSize) {

    GatewayProperties {
        if (maxHeaderSize != null && (maxHeaderSize.toBytes() < 1 || maxHeaderSize.toBytes() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("taskflow.gateway.max-header-size must be between 1B and 2GB");
        }
        // a chunked body is held in memory up to this size before it is forwarded
        if (maxBodySize != null && (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("taskflow.gateway.max-body-size must be between 1B and 2GB");
        }
    }

    record Services(@NotNull URI identity, @NotNull URI organization, @NotNull URI billing,
                    @NotNull URI commandSide, @NotNull URI querySide, @NotNull URI audit,
                    @NotNull URI analytics, @NotNull URI notification) {

        /**
         * Every downstream service under its property name ({@code command-side}, …). The names are
         * the circuit breakers' names and the keys of the health details.
         */
        Map<String, URI> byName() {
            Map<String, URI> services = new LinkedHashMap<>();
            services.put(GatewayRoutes.IDENTITY, identity);
            services.put(GatewayRoutes.ORGANIZATION, organization);
            services.put(GatewayRoutes.BILLING, billing);
            services.put(GatewayRoutes.COMMAND_SIDE, commandSide);
            services.put(GatewayRoutes.QUERY_SIDE, querySide);
            services.put(GatewayRoutes.AUDIT, audit);
            services.put(GatewayRoutes.ANALYTICS, analytics);
            services.put(GatewayRoutes.NOTIFICATION, notification);
            return services;
        }
    }

    /**
     * @param identityTimeout  upper bound for one {@code POST /auth/validate}; past it the request is
     *                         refused with 503 rather than left hanging at the edge
     * @param cacheTtl         how long a successful validation is reused (never beyond the token's exp)
     * @param cacheMaximumSize bounds memory when many distinct tokens arrive
     */
    record Auth(@NotNull Duration identityTimeout, @NotNull Duration cacheTtl, @Positive long cacheMaximumSize) {
    }

    /**
     * One Resilience4j circuit breaker per downstream service, count-based.
     *
     * @param slidingWindowSize             how many of the latest calls the failure rate is computed over
     * @param minimumNumberOfCalls          no verdict before this many calls are in the window
     * @param failureRateThreshold          percentage of failed calls at which the breaker opens
     * @param waitDurationInOpenState       how long an open breaker answers 503 without trying the service
     * @param permittedCallsInHalfOpenState trial calls let through after the wait; they decide between
     *                                      closing again and another wait
     * @param failureStatuses               statuses answered by the service itself that count as failures
     *                                      (connection failures and timeouts always count, 4xx never)
     */
    record CircuitBreaker(@Min(1) int slidingWindowSize, @Min(1) int minimumNumberOfCalls,
                          @Min(1) @Max(100) int failureRateThreshold, @NotNull Duration waitDurationInOpenState,
                          @Min(1) int permittedCallsInHalfOpenState,
                          @NotNull Set<@Min(500) @Max(599) Integer> failureStatuses) {
    }

    /**
     * How the gateway's health endpoint asks each service for its own {@code /actuator/health}.
     *
     * @param timeout  upper bound for one probe (connect and answer)
     * @param cacheTtl how long a probe's result is reused, so the gateway's health stays cheap
     */
    record DownstreamHealth(@NotNull Duration timeout, @NotNull Duration cacheTtl) {
    }
}
