package dev.taskflow.gateway;

import java.util.List;

/**
 * Header names of the edge contract. service-support has the same constants, but it is servlet-based
 * and must not be on the gateway's class path, so they are repeated here.
 */
final class EdgeHeaders {

    static final String CORRELATION_ID = "X-Correlation-ID";
    static final String REQUEST_ID = "X-Request-Id";
    static final String USER_ID = "X-User-Id";
    static final String USER_ROLES = "X-User-Roles";
    static final String ORGANIZATION_ID = "X-Organization-Id";
    /** The shared secret that tells a service a request came through the gateway ({@link ServiceCredential}). */
    static final String SERVICE_CREDENTIAL = "X-Service-Credential";
    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    static final String TRACE_ID = "X-Trace-Id";

    /**
     * Headers the services believe because only the gateway sets them: whatever a client sends under
     * these names is dropped at the edge, before any filter or service could read it. {@code X-User-Roles}
     * is not set by anyone today; dropping it keeps a service that starts reading it safe.
     */
    static final List<String> EDGE_OWNED = List.of(USER_ID, USER_ROLES, REQUEST_ID, SERVICE_CREDENTIAL);

    private EdgeHeaders() {
    }
}
