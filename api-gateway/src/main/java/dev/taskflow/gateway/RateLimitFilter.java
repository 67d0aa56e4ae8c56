package dev.taskflow.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Rate limits at the edge, so one client or tenant cannot take the platform's capacity from the others:
 * a token bucket per validated user and per organization ({@code X-Organization-Id}) on authenticated
 * routes, and per client address on the public ones (sign-up, log-in: no user yet, and the obvious
 * targets for password guessing). Over a limit the answer is 429 with {@code Retry-After}, and nothing is
 * forwarded.
 *
 * <p>The organization header is the client's choice, and membership is checked by the services, so a
 * non-member could drain a victim organization's bucket. A service's 403 (not a member) therefore gives
 * the organization's token back: what a non-member costs the organization is then only its requests in
 * flight, and the non-member stays bound by its own per-user limit. Operator routes ({@code /admin/**})
 * count against the operator's per-user limit only: they are not tenant traffic.
 *
 * <p>Ordered after {@link AuthenticationFilter}, which vouches for the user id, and before anything is
 * forwarded or buffered.
 */
@Component
class RateLimitFilter implements GlobalFilter, Ordered {

    static final String PER_USER = "per-user";
    static final String PER_ORGANIZATION = "per-organization";
    static final String PER_ADDRESS = "per-address";
    static final String REJECTIONS = "gateway.rate.limit.rejections";
    /** An organization id longer than this is keyed by its hash, so made-up keys stay small. */
    private static final int LONGEST_KEY = 128;

    private final TokenBuckets perUser;
    private final TokenBuckets perOrganization;
    private final TokenBuckets perAddress;
    private final Map<String, Counter> rejections;

    RateLimitFilter(RateLimitProperties settings, ObjectProvider<RateLimitClock> clock, MeterRegistry meters) {
        RateLimitClock time = clock.getIfAvailable(() -> RateLimitClock.SYSTEM);
        this.perUser = new TokenBuckets(PER_USER, settings.perUser(), settings.maximumKeys(), time);
        this.perOrganization = new TokenBuckets(PER_ORGANIZATION, settings.perOrganization(), settings.maximumKeys(), time);
        this.perAddress = new TokenBuckets(PER_ADDRESS, settings.perAddress(), settings.maximumKeys(), time);
        // registered up front, so the series exist (at 0) before the first rejection
        this.rejections = Map.of(PER_USER, counter(meters, PER_USER), PER_ORGANIZATION, counter(meters, PER_ORGANIZATION),
                PER_ADDRESS, counter(meters, PER_ADDRESS));
    }

    private static Counter counter(MeterRegistry meters, String limit) {
        return Counter.builder(REJECTIONS)
                .description("Requests answered 429 at the gateway, by the limit they ran into")
                .tag("limit", limit)
                .register(meters);
    }

    @Override
    public int getOrder() {
        return AuthenticationFilter.ORDER + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null) {
            return chain.filter(exchange);
        }
        if (GatewayRoutes.isPublic(route) && !GatewayRoutes.isForOperators(route)) {
            return take(perAddress, clientAddress(exchange)).orElseGet(() -> chain.filter(exchange));
        }
        // set by AuthenticationFilter from identity's answer; a client's own was dropped at the edge
        String userId = exchange.getRequest().getHeaders().getFirst(EdgeHeaders.USER_ID);
        if (userId == null) {
            return chain.filter(exchange);
        }
        Optional<Mono<Void>> refused = take(perUser, userId);
        if (refused.isPresent()) {
            return refused.get();
        }
        String organizationId = exchange.getRequest().getHeaders().getFirst(EdgeHeaders.ORGANIZATION_ID);
        if (GatewayRoutes.isForOperators(route) || organizationId == null || organizationId.isBlank()) {
            return chain.filter(exchange);
        }
        String organization = organizationKey(organizationId);
        refused = take(perOrganization, organization);
        if (refused.isPresent()) {
            // not forwarded: it should not cost the user's own budget either
            perUser.giveBack(userId);
            return refused.get();
        }
        // before the answer is sent, so the client cannot be faster with its next request than the give-back
        exchange.getResponse().beforeCommit(() -> {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            // the service's own 403 (the gateway's, for a missing role, came before any token was taken)
            if (status != null && status.value() == HttpStatus.FORBIDDEN.value()
                    && exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null) {
                perOrganization.giveBack(organization);
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    /** Empty when the request may pass; otherwise the 429. */
    private Optional<Mono<Void>> take(TokenBuckets buckets, String key) {
        return buckets.take(key).map(wait -> {
            rejections.get(buckets.name()).increment();
            return Mono.error(EdgeRejection.tooManyRequests(buckets.name(), detail(buckets, wait), wait));
        });
    }

    private static String detail(TokenBuckets buckets, Duration wait) {
        String whose = switch (buckets.name()) {
            case PER_USER -> "this user";
            case PER_ORGANIZATION -> "this organization";
            default -> "this client address";
        };
        return "Rate limit " + buckets.name() + " exceeded: " + whose + " may send " + buckets.limit()
                + "; the request was not forwarded. Retry after the time in Retry-After.";
    }

    static String organizationKey(String organizationId) {
        return organizationId.length() <= LONGEST_KEY ? organizationId : "sha256:" + ValidationCache.keyOf(organizationId);
    }

    /**
     * The peer's address as the socket saw it, not X-Forwarded-For, which the client writes itself. An IPv6
     * client usually has a whole /64 to pick addresses from, so that is one key.
     */
    static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        InetAddress address = remote == null ? null : remote.getAddress();
        if (address == null) {
            return "unknown";
        }
        if (address instanceof Inet6Address) {
            return HexFormat.of().formatHex(Arrays.copyOf(address.getAddress(), 8)) + "::/64";
        }
        return address.getHostAddress();
    }

    TokenBuckets perUser() {
        return perUser;
    }

    TokenBuckets perOrganization() {
        return perOrganization;
    }

    TokenBuckets perAddress() {
        return perAddress;
    }
}
