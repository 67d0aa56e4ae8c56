package dev.taskflow.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the request context on every log line (MDC) and the correlation id and trace id on every response.
 * A service reached without the gateway still gets a correlation id of its own. The trace is the one of
 * the request's server span (which continues the caller's {@code traceparent}); it runs after Spring's
 * observation filter for that reason. Without tracing, the caller's {@code traceparent} is taken as is.
 */
public class RequestContextFilter extends OncePerRequestFilter {

    static final String ATTRIBUTE = RequestContext.class.getName();
    private static final Logger log = LoggerFactory.getLogger(RequestContextFilter.class);
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    private final Tracer tracer;

    public RequestContextFilter(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RequestContext context = withCurrentTrace(contextOf(request));
        request.setAttribute(ATTRIBUTE, context);
        response.setHeader(Headers.CORRELATION_ID, context.correlationId());
        if (context.traceId() != null) {
            response.setHeader(Headers.TRACE_ID, context.traceId());
            response.setHeader(Headers.TRACEPARENT, context.traceparent());
        }
        MDC.put("correlationId", context.correlationId());
        putIfPresent("traceId", context.traceId());
        putIfPresent("userId", context.userId());
        putIfPresent("organizationId", context.organizationId());
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            logCompleted(request, response, started);
            MDC.remove("correlationId");
            MDC.remove("traceId");
            MDC.remove("userId");
            MDC.remove("organizationId");
        }
    }

    /** One line per request (probes excluded), with the request context from the MDC. */
    private static void logCompleted(HttpServletRequest request, HttpServletResponse response, long started) {
        String path = request.getRequestURI();
        if (path.startsWith("/actuator")) {
            return;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        log.atInfo().setMessage("{} {} -> {} in {} ms").addArgument(request.getMethod()).addArgument(path)
                .addArgument(response.getStatus()).addArgument(millis)
                .addKeyValue("msg", "Request handled").addKeyValue("method", request.getMethod())
                .addKeyValue("path", path).addKeyValue("status", response.getStatus()).addKeyValue("durationMs", millis)
                .log();
    }

    private RequestContext withCurrentTrace(RequestContext context) {
        Span span = tracer.currentSpan();
        if (span == null || span.isNoop()) {
            return context;
        }
        TraceContext trace = span.context();
        if (context.traceId() != null && !context.traceId().equals(trace.traceId())) {
            // the span did not pick up the caller's trace: propagation is off, the caller's trace wins
            return context;
        }
        String flags = Boolean.TRUE.equals(trace.sampled()) ? "01" : "00";
        return new RequestContext(context.correlationId(), "00-" + trace.traceId() + "-" + trace.spanId() + "-" + flags,
                trace.traceId(), context.userId(), context.organizationId());
    }

    static RequestContext contextOf(HttpServletRequest request) {
        String correlationId = request.getHeader(Headers.CORRELATION_ID);
        if (correlationId == null || !SANE_ID.matcher(correlationId).matches()) {
            correlationId = UUID.randomUUID().toString();
        }
        String traceparent = request.getHeader(Headers.TRACEPARENT);
        String traceId = null;
        if (traceparent != null) {
            var matcher = TRACEPARENT.matcher(traceparent);
            if (matcher.matches()) {
                traceId = matcher.group(1);
            } else {
                traceparent = null;
            }
        }
        return new RequestContext(correlationId, traceparent, traceId,
                blankToNull(request.getHeader(Headers.USER_ID)), blankToNull(request.getHeader(Headers.ORGANIZATION_ID)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static void putIfPresent(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }
}
