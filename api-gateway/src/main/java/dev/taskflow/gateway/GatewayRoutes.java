package dev.taskflow.gateway;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The public HTTP contract mapped onto the services. Written in Java so the addresses come from the
 * typed {@link GatewayProperties}; whether a route needs a token, and which service (and so which
 * circuit breaker) it leads to, is route metadata, so the rules live next to the routes.
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    static final String IDENTITY = "identity";
    static final String ORGANIZATION = "organization";
    static final String BILLING = "billing";
    static final String COMMAND_SIDE = "command-side";
    static final String QUERY_SIDE = "query-side";
    static final String AUDIT = "audit";
    static final String ANALYTICS = "analytics";

    private static final String PUBLIC = "taskflow.public";
    /** The downstream service a route leads to; names its circuit breaker. */
    private static final String SERVICE = "taskflow.service";

    static boolean isPublic(Route route) {
        return Boolean.TRUE.equals(route.getMetadata().get(PUBLIC));
    }

    /** The service behind the route, or {@code null} for a route without one. */
    static String serviceOf(Route route) {
        return route.getMetadata().get(SERVICE) instanceof String service ? service : null;
    }

    @Bean
    RouteLocator taskflowRoutes(RouteLocatorBuilder builder, GatewayProperties properties) {
        GatewayProperties.Services services = properties.services();
        return builder.routes()
                // signing up and logging in are the only ways to get a token, so they cannot need one
                .route("identity-public", r -> r.order(-1)
                        .method(HttpMethod.POST).and().path("/auth/users", "/auth/token")
                        .metadata(PUBLIC, true)
                        .metadata(SERVICE, IDENTITY)
                        .uri(services.identity()))
                .route("identity", r -> r.path("/auth/**").metadata(SERVICE, IDENTITY).uri(services.identity()))
                // CQRS: writes go to the command side, reads to the read models of the query side
                .route("workflow-commands", r -> r
                        .method(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)
                        .and().path("/workflow/**")
                        .metadata(SERVICE, COMMAND_SIDE)
                        .uri(services.commandSide()))
                .route("workflow-queries", r -> r
                        .method(HttpMethod.GET, HttpMethod.HEAD).and().path("/workflow/**")
                        .metadata(SERVICE, QUERY_SIDE)
                        .uri(services.querySide()))
                .route("organization", r -> r.path("/organizations/**").metadata(SERVICE, ORGANIZATION)
                        .uri(services.organization()))
                .route("billing", r -> r.path("/billing/**").metadata(SERVICE, BILLING).uri(services.billing()))
                .route("audit", r -> r.path("/audit/**").metadata(SERVICE, AUDIT).uri(services.audit()))
                .route("analytics", r -> r.path("/analytics/**").metadata(SERVICE, ANALYTICS).uri(services.analytics()))
                .build();
    }
}
