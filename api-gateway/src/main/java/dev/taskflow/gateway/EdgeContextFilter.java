package dev.taskflow.gateway;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Seed §1.1: correlation id, request id and trace context for every request. A WebFilter rather than a
 * gateway filter because it must also cover answers that no route produces (404, actuator, errors).
 */
@Component
class EdgeContextFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(EdgeContextFilter.class);

    // Anything else (spaces, control characters, huge values) could break log lines or header parsing downstream.
    static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final RequestLog requests;
    private final Clock clock = Clock.systemUTC();

    EdgeContextFilter(RequestLog requests) {
        this.requests = requests;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders incoming = exchange.getRequest().getHeaders();
        String correlationId = incoming.getFirst(EdgeHeaders.CORRELATION_ID);
        if (correlationId == null || !SANE_ID.matcher(correlationId).matches()) {
            if (correlationId != null) {
                // only the length: the value is whatever the client wanted in our logs (line breaks, fake fields)
                log.debug("Client correlation id replaced ({} characters, not of the form {})",
                        correlationId.length(), SANE_ID.pattern());
            }
            correlationId = UUID.randomUUID().toString();
        }
        String clientTraceparent = incoming.getFirst(EdgeHeaders.TRACEPARENT);
        boolean continuesTrace = Traceparent.isValid(clientTraceparent);
        // the server span (started before any filter, continuing a valid client traceparent) is the trace;
        // without tracing the edge continues or starts the trace itself. A server span that did not pick up
        // the client's trace means propagation is off (tracing disabled): the client's trace wins then.
        String traceparent = Traceparent.ofServerSpan(exchange)
                .filter(server -> !continuesTrace
                        || Traceparent.traceId(server).equals(Traceparent.traceId(clientTraceparent)))
                .orElse(continuesTrace ? clientTraceparent : Traceparent.generate());
        var context = new EdgeContext(correlationId, UUID.randomUUID().toString(), traceparent);
        context.attachTo(exchange);

        // Set at commit time: proxied answers copy the downstream's headers in late, and error
        // handlers may rebuild the response; set() also avoids a duplicate when a service echoes it.
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders outgoing = exchange.getResponse().getHeaders();
            outgoing.set(EdgeHeaders.CORRELATION_ID, context.correlationId());
            outgoing.set(EdgeHeaders.TRACE_ID, Traceparent.traceId(context.traceparent()));
            return Mono.empty();
        });

        ServerWebExchange mutated = exchange.mutate().request(request -> request.headers(headers -> {
            // Only the gateway may say who the user is, or that a request comes from the gateway: it sets
            // X-User-Id after validating the token and the service credential on the way out.
            EdgeHeaders.EDGE_OWNED.forEach(headers::remove);
            headers.set(EdgeHeaders.CORRELATION_ID, context.correlationId());
            headers.set(EdgeHeaders.REQUEST_ID, context.requestId());
            headers.set(EdgeHeaders.TRACEPARENT, context.traceparent());
            if (!continuesTrace) {
                // tracestate belongs to the trace the client named; it means nothing for a new one
                headers.remove(EdgeHeaders.TRACESTATE);
            }
        })).build();
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        return chain.filter(mutated).doFinally(signal -> completed(mutated, context, startedAt, started));
    }

    private void completed(ServerWebExchange exchange, EdgeContext context, Instant startedAt, long started) {
        String path = exchange.getRequest().getPath().value();
        if (path.startsWith("/actuator")) {
            return;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String method = exchange.getRequest().getMethod().name();
        logCompleted(context, path, method, status, millis, route);
        if (worthRemembering(method, path)) {
            String service = route == null ? null : GatewayRoutes.serviceOf(route);
            // set by the gateway's routing filter once the service's answer arrived
            boolean serviceAnswered = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null;
            requests.add(new RequestLog.Entry(context.correlationId(), context.requestId(),
                    Traceparent.traceId(context.traceparent()), method, path, status == null ? null : status.value(),
                    startedAt, millis, route == null ? null : route.getId(), service,
                    service != null && serviceAnswered ? service : RequestLog.GATEWAY));
        }
    }

    /**
     * The console's own page loads and polling (operators' reads) would soon fill the request log with
     * nothing anyone follows; what operators change (POST under /admin) stays in.
     */
    private static boolean worthRemembering(String method, String path) {
        boolean console = path.equals(ConsoleRoutes.PATH) || path.startsWith(ConsoleRoutes.PATH + "/");
        boolean adminRead = (path.equals("/admin") || path.startsWith("/admin/"))
                && (method.equals("GET") || method.equals("HEAD"));
        return !console && !adminRead;
    }

    /** One line per request (probes excluded); reactive code has no MDC, so the context goes in as fields. */
    private static void logCompleted(EdgeContext context, String path, String method, HttpStatusCode status,
                                     long millis, Route route) {
        log.atInfo().setMessage("{} {} -> {} in {} ms").addArgument(method).addArgument(path)
                .addArgument(status == null ? "-" : status.value()).addArgument(millis)
                .addKeyValue("msg", "Request routed").addKeyValue("method", method).addKeyValue("path", path)
                .addKeyValue("status", status == null ? null : status.value()).addKeyValue("durationMs", millis)
                .addKeyValue("route", route == null ? null : route.getId())
                .addKeyValue("correlationId", context.correlationId())
                .addKeyValue("traceId", Traceparent.traceId(context.traceparent()))
                .log();
    }
}
