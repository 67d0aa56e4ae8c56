package dev.taskflow.platform;

import dev.taskflow.analytics.AnalyticsProjectionApplication;
import dev.taskflow.audit.AuditProjectionApplication;
import dev.taskflow.billing.BillingServiceApplication;
import dev.taskflow.gateway.GatewayApplication;
import dev.taskflow.identity.IdentityApplication;
import dev.taskflow.notification.NotificationProjectionApplication;
import dev.taskflow.organization.OrganizationServiceApplication;
import dev.taskflow.query.QuerySideApplication;
import dev.taskflow.workflow.CommandSideApplication;
import java.util.List;
import java.util.stream.Stream;

/** The services behind the gateway, and the gateway itself, with what each must not auto-configure. */
final class Services {

    /**
     * The gateway's stack. Reactor Netty's auto-configuration is in it too: in a servlet service it would
     * create a ReactorResourceFactory on Netty's global resources and dispose them when that service
     * stops, taking the gateway's server down with it.
     */
    private static final List<String> GATEWAY_STACK = List.of("org.springframework.cloud", "org.springdoc.webflux",
            "org.springframework.boot.autoconfigure.web.reactive", "org.springframework.boot.autoconfigure.reactor",
            "org.springframework.boot.autoconfigure.http.client.reactive", "io.github.resilience4j");
    private static final List<String> AXON = List.of("org.axonframework");
    private static final List<String> DATABASE = List.of("org.springframework.boot.autoconfigure.jdbc",
            "org.springframework.boot.autoconfigure.orm", "org.springframework.boot.autoconfigure.flyway",
            "org.springframework.boot.autoconfigure.data", "org.springframework.boot.autoconfigure.sql");
    private static final List<String> JPA = List.of("org.springframework.boot.autoconfigure.orm",
            "org.springframework.boot.autoconfigure.data.jpa");

    static final List<ServiceSpec> BACKENDS = List.of(
            new ServiceSpec("identity-service", IdentityApplication::application, "identity", concat(GATEWAY_STACK, AXON, JPA)),
            new ServiceSpec("organization-service", OrganizationServiceApplication::application, "organization", GATEWAY_STACK),
            new ServiceSpec("billing-service", BillingServiceApplication::application, "billing", GATEWAY_STACK),
            new ServiceSpec("command-side", CommandSideApplication::application, "workflow", GATEWAY_STACK),
            new ServiceSpec("query-side", QuerySideApplication::application, "query", GATEWAY_STACK),
            new ServiceSpec("audit-projection", AuditProjectionApplication::application, "audit", GATEWAY_STACK),
            new ServiceSpec("analytics-projection", AnalyticsProjectionApplication::application, "analytics", GATEWAY_STACK),
            new ServiceSpec("notification-projection", NotificationProjectionApplication::application, "notification",
                    GATEWAY_STACK));

    static final ServiceSpec GATEWAY = new ServiceSpec("api-gateway", GatewayApplication::application, null,
            concat(AXON, DATABASE, List.of("org.springdoc.webmvc")));

    private Services() {
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return Stream.of(lists).flatMap(List::stream).distinct().toList();
    }
}
