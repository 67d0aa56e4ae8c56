package dev.taskflow.gateway;

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
 * {@code GET /admin/outbox}, answered by the gateway: the outbox backlog (events stored but not yet on Kafka)
 * of every publishing service, {@code {"services":[{"service","status":"UP","outbox":{…}}, …]}}, with a
 * service that cannot answer listed as {@code UNAVAILABLE}, as in {@link ProcessorsOverview}.
 */
@Component
class OutboxOverview implements GatewayFilter {

    private static final String PATH = "/admin/outbox";

    private final AdminCalls calls;
    private final Map<String, URI> services = new LinkedHashMap<>();

    OutboxOverview(AdminCalls calls, GatewayProperties gateway, AdminProperties admin) {
        this.calls = calls;
        Map<String, URI> known = gateway.services().byName();
        for (String service : admin.outboxServices()) {
            services.put(service, GatewayRoutes.serviceUri(known, "outbox-services", service, service));
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return Flux.fromIterable(services.entrySet())
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
        if (!answer.body().path("events").isNumber()) {
            return calls.unavailable(service, "answered without an outbox backlog");
        }
        ObjectNode entry = calls.up(service);
        entry.set("outbox", answer.body());
        return entry;
    }
}
