package dev.taskflow.gateway;

/**
 * Header names of the edge contract. service-support has the same constants, but it is servlet-based
 * and must not be on the gateway's class path, so they are repeated here.
 */
final class EdgeHeaders {

    static final String CORRELATION_ID = "X-Correlation-ID";
    static final String REQUEST_ID = "X-Request-Id";
    static final String USER_ID = "X-User-Id";
    static final String ORGANIZATION_ID = "X-Organization-Id";
    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    static final String TRACE_ID = "X-Trace-Id";

    private EdgeHeaders() {
    }
}
