package dev.taskflow.support.web;

/** Request headers the gateway sets and the services read. */
public final class Headers {

    public static final String CORRELATION_ID = "X-Correlation-ID";
    public static final String REQUEST_ID = "X-Request-Id";
    public static final String USER_ID = "X-User-Id";
    public static final String ORGANIZATION_ID = "X-Organization-Id";
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACE_ID = "X-Trace-Id";
    /** The secret the gateway proves itself with on every call to a service (never logged). */
    public static final String SERVICE_CREDENTIAL = "X-Service-Credential";

    private Headers() {
    }
}
