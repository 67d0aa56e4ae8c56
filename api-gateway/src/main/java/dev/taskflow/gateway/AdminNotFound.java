package dev.taskflow.gateway;

import java.util.Collection;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The end of every {@code /admin/**} path no admin route knows (an unknown consumer, projection or
 * service, or another path): 404 with a detail that says what exists. Runs after the role check, so
 * only operators see it.
 */
final class AdminNotFound implements GatewayFilter {

    private final AdminProperties admin;

    AdminNotFound(AdminProperties admin) {
        this.admin = admin;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return Mono.error(EdgeRejection.notFound(detail(exchange)));
    }

    private String detail(ServerWebExchange exchange) {
        List<String> segments = exchange.getRequest().getPath().pathWithinApplication().elements().stream()
                .filter(element -> element instanceof PathContainer.PathSegment)
                .map(element -> ((PathContainer.PathSegment) element).valueToMatch())
                .toList();
        if (segments.size() >= 3) {
            String name = segments.get(2);
            switch (segments.get(1)) {
                case "dlq" -> {
                    return unknown("dead-letter consumer", name, admin.deadLetterConsumers().keySet());
                }
                case "projections" -> {
                    return unknown("projection", name, admin.projections().keySet());
                }
                case "processors" -> {
                    return unknown("service with processors", name, admin.processorServices());
                }
                default -> {
                }
            }
        }
        return "No operator route for " + exchange.getRequest().getMethod().name() + " "
                + exchange.getRequest().getPath().value();
    }

    private static String unknown(String what, String name, Collection<String> known) {
        return "Unknown " + what + " '" + name + "'; known: " + String.join(", ", known);
    }
}
