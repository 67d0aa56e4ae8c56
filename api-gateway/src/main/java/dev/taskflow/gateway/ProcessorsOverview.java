package dev.taskflow.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /admin/processors}, answered by the gateway: every service's own
 * {@code GET /admin/processors}, asked in parallel ({@link AdminCalls}), merged into
 * {@code {"services":[{"service","status":"UP","processors":[…]}, …]}}. A service that cannot answer
 * is listed as {@code UNAVAILABLE} with an {@code error}; it never fails the whole answer.
 */
@Component
class ProcessorsOverview implements GatewayFilter {

    private static final String PATH = "/admin/processors";

    private final AdminCalls calls;
    private final Map<String, URI> services = new LinkedHashMap<>();

    ProcessorsOverview(AdminCalls calls, GatewayProperties gateway, AdminProperties admin) {
        this.calls = calls;
        Map<String, URI> known = gateway.services().byName();
        for (String service : admin.processorServices()) {
            services.put(service, GatewayRoutes.serviceUri(known, "processor-services", service, service));
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return Flux.fromIterable(services.entrySet())
                // in parallel, listed in the configured order
                .flatMapSequential(service -> calls.get(exchange, service.getKey(), service.getValue(), PATH)
                        .map(answer -> entry(service.getKey(), answer)))
                .collectList()
                .flatMap(entries -> {
                    ObjectNode body = calls.object();
                    body.putArray("services").addAll(entries);
                    return calls.respond(exchange, body);
                });
    }

    private ObjectNode entry(String service, AdminCalls.Answer answer) {
        if (!answer.ok()) {
            return calls.unavailable(service, answer.error());
        }
        if (!answer.body().isArray()) {
            return calls.unavailable(service, "answered " + answer.body().getNodeType().name().toLowerCase()
                    + " instead of a JSON array");
        }
        ObjectNode entry = calls.up(service);
        entry.set("processors", (ArrayNode) answer.body());
        return entry;
    }
}
