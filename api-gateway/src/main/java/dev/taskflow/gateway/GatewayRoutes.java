package dev.taskflow.gateway;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The public HTTP contract mapped onto the services. Written in Java so the addresses come from the
 * typed {@link GatewayProperties}; whether a route needs a token is route metadata, so the rule
 * lives next to the route it protects.
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    private static final String PUBLIC = "taskflow.public";

    static boolean isPublic(Route route) {
        return Boolean.TRUE.equals(route.getMetadata().get(PUBLIC));
    }

    @Bean
    RouteLocator taskflowRoutes(RouteLocatorBuilder builder, GatewayProperties properties) {
        GatewayProperties.Services services = properties.services();
        return builder.routes()
                // signing up and logging in are the only ways to get a token, so they cannot need one
                .route("identity-public", r -> r.order(-1)
                        .method(HttpMethod.POST).and().path("/auth/users", "/auth/token")
                        .metadata(PUBLIC, true)
                        .uri(services.identity()))
                .route("identity", r -> r.path("/auth/**").uri(services.identity()))
                // CQRS: writes go to the command side, reads to the read models of the query side
                .route("workflow-commands", r -> r
                        .method(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)
                        .and().path("/workflow/**")
                        .uri(services.commandSide()))
                .route("workflow-queries", r -> r
                        .method(HttpMethod.GET, HttpMethod.HEAD).and().path("/workflow/**")
                        .uri(services.querySide()))
                .route("organization", r -> r.path("/organizations/**").uri(services.organization()))
                .route("billing", r -> r.path("/billing/**").uri(services.billing()))
                .route("audit", r -> r.path("/audit/**").uri(services.audit()))
                .route("analytics", r -> r.path("/analytics/**").uri(services.analytics()))
                .build();
    }
}
