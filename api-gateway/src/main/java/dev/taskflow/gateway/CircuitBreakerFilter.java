package dev.taskflow.gateway;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Seed §5.6: forwarding goes through the circuit breaker of the route's service. While it is open the
 * request is answered 503 at once and not forwarded, so the service produces nothing (no
 * {@code TaskCreated} for a command that never arrived).
 *
 * <p>Ordered after {@link AuthenticationFilter} (an unauthenticated client learns nothing about the
 * services) and right after {@link NettyWriteResponseFilter}, so the breaker sees the call end when the
 * service's status line and headers have arrived, before the body is streamed to the client.
 */
@Component
class CircuitBreakerFilter implements GlobalFilter, Ordered {

    private final DownstreamCircuitBreakers breakers;

    CircuitBreakerFilter(DownstreamCircuitBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public int getOrder() {
        return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String service = route == null ? null : GatewayRoutes.serviceOf(route);
        if (service == null) {
            return chain.filter(exchange);
        }
        Mono<Void> forward = chain.filter(exchange).then(Mono.defer(() -> {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            return status != null && breakers.countsAsFailure(status)
                    ? Mono.error(new FailureStatus(status))
                    : Mono.empty();
        }));
        return breakers.run(service, forward)
                // counted against the service, but the client gets the service's own answer
                .onErrorResume(FailureStatus.class, counted -> Mono.empty())
                .onErrorMap(CallNotPermittedException.class,
                        open -> EdgeRejection.circuitOpen(service, breakers.openWait()));
    }

    /** Carries a counted status out of the breaker; never reaches the client. */
    private static final class FailureStatus extends RuntimeException {

        FailureStatus(HttpStatusCode status) {
            super("the service answered " + status.value(), null, false, false);
        }
    }
}
