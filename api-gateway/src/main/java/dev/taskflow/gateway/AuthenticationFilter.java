package dev.taskflow.gateway;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Seed §1.2: no request reaches a service on an authenticated route unless identity-service vouched
 * for its bearer token. A refusal happens before routing, so nothing is forwarded. The Authorization
 * header itself travels on unchanged: services may verify the token themselves. Operator routes
 * ({@code /admin/**}) also need the {@code platform-operator} role in the token's {@code roles} claim;
 * without it the answer is 403 and, again, nothing is forwarded.
 */
@Component
class AuthenticationFilter implements GlobalFilter, Ordered {

    // RFC 6750 b64token; anything else is not worth a round trip to identity
    private static final Pattern BEARER = Pattern.compile("(?i)Bearer ([A-Za-z0-9\\-._~+/]+=*)");

    private final IdentityClient identity;
    private final ValidationCache cache;

    AuthenticationFilter(IdentityClient identity, ValidationCache cache) {
        this.identity = identity;
        this.cache = cache;
    }

    /** Ahead of the gateway's own filters (NettyWriteResponseFilter is -1), so a refusal forwards nothing. */
    static final int ORDER = -100;

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route != null && GatewayRoutes.isPublic(route) && !GatewayRoutes.isForOperators(route)) {
            return chain.filter(exchange);
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        Matcher bearer = authorization == null ? null : BEARER.matcher(authorization.trim());
        if (bearer == null || !bearer.matches()) {
            return Mono.error(EdgeRejection.unauthenticated("A bearer token is required"));
        }
        String token = bearer.group(1);
        Mono<AuthenticatedUser> user = cache.find(token)
                .map(Mono::just)
                .orElseGet(() -> identity.validate(authorization, EdgeContext.of(exchange))
                        .doOnNext(validated -> cache.remember(token, validated)));
        boolean operatorsOnly = route != null && GatewayRoutes.isForOperators(route);
        return user.flatMap(validated -> {
            if (operatorsOnly && !validated.hasRole(GatewayRoutes.OPERATOR_ROLE)) {
                return Mono.error(EdgeRejection.forbidden("The " + GatewayRoutes.OPERATOR_ROLE
                        + " role is required for the operator API (/admin/**)"));
            }
            return chain.filter(exchange.mutate()
                    .request(request -> request.headers(headers -> headers.set(EdgeHeaders.USER_ID, validated.userId())))
                    .build());
        });
    }
}
