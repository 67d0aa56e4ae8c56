package dev.taskflow.gateway;

import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.cloud.gateway.filter.GatewayFilter;
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
    static final String NOTIFICATION = "notification";

    /** The role a token's {@code roles} claim must name for any route under {@code /admin/**}. */
    static final String OPERATOR_ROLE = "platform-operator";

    /** After authentication, before anything is forwarded. */
    static final int ADMIN_FILTER_ORDER = 1000;
    /** The specific admin routes first; then the catch-all that answers 404 for the rest of /admin. */
    private static final int ADMIN_FALLBACK_ORDER = 100;
    /** A route the gateway answers itself; no request leaves with this address. */
    private static final URI ANSWERED_HERE = URI.create("no://op");
    /** A plain path segment; "." and ".." are not names. */
    private static final Pattern NAME = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._-]+");

    private static final String PUBLIC = "taskflow.public";
    /** Only for tokens with the {@link #OPERATOR_ROLE}. */
    private static final String OPERATORS = "taskflow.operators";
    /** The downstream service a route leads to; names its circuit breaker. */
    private static final String SERVICE = "taskflow.service";

    static boolean isPublic(Route route) {
        return Boolean.TRUE.equals(route.getMetadata().get(PUBLIC));
    }

    static boolean isForOperators(Route route) {
        return Boolean.TRUE.equals(route.getMetadata().get(OPERATORS));
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
                .route("notification", r -> r.path("/notifications", "/notifications/**").metadata(SERVICE, NOTIFICATION)
                        .uri(services.notification()))
                .build();
    }

    /**
     * The operator API (issue 5): every route under {@code /admin/**} needs a valid token with the
     * {@link #OPERATOR_ROLE} ({@link AuthenticationFilter}); paths are forwarded unchanged except under
     * {@code /admin/processors/{service}}, and a few overviews are answered by the gateway itself. An admin
     * path that none of these routes knows is answered 404 by the gateway, after the role check, so a caller
     * without the role learns nothing from it.
     */
    @Bean
    RouteLocator adminRoutes(RouteLocatorBuilder builder, GatewayProperties gateway, AdminProperties admin,
                             ProcessorsOverview overview, OutboxOverview outbox, DeadLetterSummary deadLetters,
                             ProjectionList projections, RequestPath requestPath) {
        Map<String, URI> services = gateway.services().byName();
        RouteLocatorBuilder.Builder routes = builder.routes();
        admin.deadLetterConsumers().forEach((consumer, service) -> {
            URI uri = serviceUri(services, "dead-letter-consumers." + consumer, consumer, service);
            routes.route("admin-dlq-" + consumer, r -> r.path("/admin/dlq/" + consumer + "/**")
                    .metadata(OPERATORS, true).metadata(SERVICE, service).uri(uri));
        });
        admin.projections().forEach((projection, service) -> {
            URI uri = serviceUri(services, "projections." + projection, projection, service);
            routes.route("admin-projections-" + projection, r -> r.path("/admin/projections/" + projection + "/**")
                    .metadata(OPERATORS, true).metadata(SERVICE, service).uri(uri));
        });
        for (String service : admin.processorServices()) {
            URI uri = serviceUri(services, "processor-services", service, service);
            // /admin/processors/audit/audit-trail/pause -> audit's /admin/processors/audit-trail/pause
            routes.route("admin-processors-" + service, r -> r.path("/admin/processors/" + service + "/**")
                    .filters(f -> f.rewritePath("^/admin/processors/[^/]*(?<rest>/.*)?$", "/admin/processors${rest}"))
                    .metadata(OPERATORS, true).metadata(SERVICE, service).uri(uri));
        }
        String auditService = admin.auditService();
        URI audit = serviceUri(services, "audit-service", "audit", auditService);
        routes.route("admin-audit", r -> r.path("/admin/audit/**")
                .metadata(OPERATORS, true).metadata(SERVICE, auditService).uri(audit));
        // overviews the gateway puts together from several services (or from what it knows itself)
        answeredHere(routes, "admin-processors", "/admin/processors", overview);
        answeredHere(routes, "admin-outbox", "/admin/outbox", outbox);
        answeredHere(routes, "admin-dlq", "/admin/dlq", deadLetters);
        answeredHere(routes, "admin-projections", "/admin/projections", projections);
        answeredHere(routes, "admin-requests", "/admin/requests/{correlationId}", requestPath);
        AdminNotFound notFound = new AdminNotFound(admin);
        routes.route("admin-unknown", r -> r.order(ADMIN_FALLBACK_ORDER).path("/admin", "/admin/**")
                .filters(f -> f.filter(notFound, ADMIN_FILTER_ORDER))
                .metadata(OPERATORS, true).uri(ANSWERED_HERE));
        return routes.build();
    }

    /** A GET route for operators that the filter answers; nothing is forwarded. */
    private static void answeredHere(RouteLocatorBuilder.Builder routes, String id, String path, GatewayFilter answer) {
        routes.route(id, r -> r.method(HttpMethod.GET).and().path(path)
                .filters(f -> f.filter(answer, ADMIN_FILTER_ORDER))
                .metadata(OPERATORS, true).uri(ANSWERED_HERE));
    }

    /**
     * The address of a service an admin setting names, checked at start-up.
     *
     * @param name the path segment the setting adds (consumer, projection or service name)
     */
    static URI serviceUri(Map<String, URI> services, String setting, String name, String service) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException("taskflow.gateway.admin." + setting + ": '" + name
                    + "' is not a usable path segment (letters, digits, '.', '_', '-')");
        }
        URI uri = services.get(service);
        if (uri == null) {
            throw new IllegalStateException("taskflow.gateway.admin." + setting + " names service '" + service
                    + "', which is not one of taskflow.gateway.services " + services.keySet());
        }
        return uri;
    }
}
