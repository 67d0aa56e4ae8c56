package dev.taskflow.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /admin/projections}, answered by the gateway from its configuration:
 * {@code {"projections":[{"name","service"}, …]}}, so the console offers what the gateway routes.
 */
@Component
class ProjectionList implements GatewayFilter {

    private final AdminCalls calls;
    private final AdminProperties admin;

    ProjectionList(AdminCalls calls, AdminProperties admin) {
        this.calls = calls;
        this.admin = admin;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ObjectNode body = calls.object();
        ArrayNode projections = body.putArray("projections");
        admin.projections().forEach((name, service) -> projections.addObject().put("name", name).put("service", service));
        return calls.respond(exchange, body);
    }
}
