package dev.taskflow.gateway;

import java.util.UUID;
import org.springframework.web.server.ServerWebExchange;

/** The identifiers the edge assigns to one request; kept as an exchange attribute for error answers. */
record EdgeContext(String correlationId, String requestId, String traceparent) {

    private static final String ATTRIBUTE = EdgeContext.class.getName();

    void attachTo(ServerWebExchange exchange) {
        exchange.getAttributes().put(ATTRIBUTE, this);
    }

    /** Falls back to a fresh id so that even a failure before the context filter has a correlation id. */
    static EdgeContext of(ServerWebExchange exchange) {
        EdgeContext context = exchange.getAttribute(ATTRIBUTE);
        if (context == null) {
            context = new EdgeContext(UUID.randomUUID().toString(), UUID.randomUUID().toString(), Traceparent.generate());
            context.attachTo(exchange);
        }
        return context;
    }
}
