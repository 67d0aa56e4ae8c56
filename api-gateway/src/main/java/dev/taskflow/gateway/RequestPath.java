package dev.taskflow.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /admin/requests/{correlationId}}, answered by the gateway: the path of a request through the
 * platform, in time order. The gateway's own record of the request(s) with that correlation id (its
 * {@link RequestLog}) and the events they caused, as the audit trail recorded them in any organization
 * ({@code /admin/audit/correlations/{id}} at the audit service). Audit being down leaves the gateway's
 * steps and says why the events are missing.
 */
@Component
class RequestPath implements GatewayFilter {

    static final String REQUEST = "request";
    static final String EVENT = "event";

    private final AdminCalls calls;
    private final RequestLog requests;
    private final String auditService;
    private final URI auditUri;

    RequestPath(AdminCalls calls, RequestLog requests, GatewayProperties gateway, AdminProperties admin) {
        this.calls = calls;
        this.requests = requests;
        this.auditService = admin.auditService();
        this.auditUri = GatewayRoutes.serviceUri(gateway.services().byName(), "audit-service", "audit-service",
                admin.auditService());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        List<PathContainer.Element> elements = exchange.getRequest().getPath().pathWithinApplication().elements();
        // the route matched /admin/requests/{correlationId}: the last element is the id, percent-decoded
        String correlationId = ((PathContainer.PathSegment) elements.get(elements.size() - 1)).valueToMatch();
        if (!EdgeContextFilter.SANE_ID.matcher(correlationId).matches()) {
            return Mono.error(EdgeRejection.badRequest(
                    "A correlation id is 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'"));
        }
        List<RequestLog.Entry> routed = requests.find(correlationId);
        return calls.get(exchange, auditService, auditUri, "/admin/audit/correlations/" + correlationId)
                .flatMap(answer -> calls.respond(exchange, body(correlationId, routed, answer)));
    }

    private ObjectNode body(String correlationId, List<RequestLog.Entry> routed, AdminCalls.Answer audit) {
        List<Step> steps = new ArrayList<>();
        for (RequestLog.Entry entry : routed) {
            steps.add(new Step(entry.startedAt(), 0, request(entry)));
        }
        ObjectNode auditEntry;
        if (audit.ok() && audit.body().path("records").isArray()) {
            auditEntry = calls.up(auditService);
            auditEntry.put("truncated", audit.body().path("truncated").asBoolean(false));
            for (JsonNode record : audit.body().get("records")) {
                steps.add(new Step(instant(record.path("occurredAt").asText()), 1, event(record)));
            }
        } else {
            auditEntry = calls.unavailable(auditService, audit.ok() ? "answered without records" : audit.error());
        }
        // a request comes before what it caused when the clocks say they happened in the same instant
        steps.sort(Comparator.comparing(Step::at).thenComparingInt(Step::rank));
        ObjectNode body = calls.object();
        body.put("correlationId", correlationId);
        ArrayNode list = body.putArray("steps");
        steps.forEach(step -> list.add(step.json()));
        body.set("audit", auditEntry);
        return body;
    }

    private ObjectNode request(RequestLog.Entry entry) {
        ObjectNode step = calls.object();
        step.put("kind", REQUEST);
        step.put("at", entry.startedAt().toString());
        step.put("method", entry.method());
        step.put("path", entry.path());
        if (entry.status() == null) {
            step.putNull("status");
        } else {
            step.put("status", entry.status());
        }
        step.put("durationMs", entry.durationMs());
        step.put("service", entry.service());
        step.put("answeredBy", entry.answeredBy());
        step.put("route", entry.route());
        step.put("requestId", entry.requestId());
        step.put("traceId", entry.traceId());
        return step;
    }

    private ObjectNode event(JsonNode record) {
        ObjectNode step = calls.object();
        step.put("kind", EVENT);
        step.set("at", record.path("occurredAt"));
        for (String field : List.of("eventType", "source", "organizationId", "entityType", "entityId", "summary",
                "eventId", "traceId", "occurredAt", "recordedAt")) {
            step.set(field, record.path(field).isMissingNode() ? null : record.get(field));
        }
        return step;
    }

    /** An unreadable time sorts last rather than failing the answer. */
    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }

    private record Step(Instant at, int rank, ObjectNode json) {
    }
}
