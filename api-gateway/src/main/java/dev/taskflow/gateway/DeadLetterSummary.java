package dev.taskflow.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /admin/dlq}, answered by the gateway: how many dead letters each consumer holds,
 * {@code {"consumers":[{"consumer","service","status":"UP","letters":n}, …]}}. Each count is the
 * {@code total} of the consumer's own first page ({@code /admin/dlq/{consumer}?size=1}); a service that
 * cannot answer is listed as {@code UNAVAILABLE}, as in {@link ProcessorsOverview}.
 */
@Component
class DeadLetterSummary implements GatewayFilter {

    private final AdminCalls calls;
    private final Map<String, String> consumers;
    private final Map<String, URI> services;

    DeadLetterSummary(AdminCalls calls, GatewayProperties gateway, AdminProperties admin) {
        this.calls = calls;
        this.consumers = admin.deadLetterConsumers();
        this.services = gateway.services().byName();
        consumers.forEach((consumer, service) ->
                GatewayRoutes.serviceUri(services, "dead-letter-consumers." + consumer, consumer, service));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return Flux.fromIterable(consumers.entrySet())
                .flatMapSequential(consumer -> calls.get(exchange, consumer.getValue(), services.get(consumer.getValue()),
                                "/admin/dlq/" + consumer.getKey() + "?page=0&size=1")
                        .map(answer -> entry(consumer.getKey(), consumer.getValue(), answer)))
                .collectList()
                .flatMap(entries -> {
                    ObjectNode body = calls.object();
                    body.putArray("consumers").addAll(entries);
                    return calls.respond(exchange, body);
                });
    }

    private ObjectNode entry(String consumer, String service, AdminCalls.Answer answer) {
        JsonNode total = answer.ok() ? answer.body().path("total") : null;
        ObjectNode entry;
        if (!answer.ok()) {
            entry = calls.unavailable(service, answer.error());
        } else if (!total.isIntegralNumber()) {
            entry = calls.unavailable(service, "answered without a total");
        } else {
            entry = calls.up(service);
            entry.put("letters", total.asLong());
        }
        // the consumer names the entry; the service is where its letters live
        ObjectNode named = calls.object();
        named.put("consumer", consumer);
        named.setAll(entry);
        return named;
    }
}
