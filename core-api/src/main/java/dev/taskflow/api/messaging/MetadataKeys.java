package dev.taskflow.api.messaging;

/** Keys of the request context carried in Axon message metadata and mapped onto the envelope. */
public final class MetadataKeys {

    public static final String CORRELATION_ID = "correlationId";
    public static final String TRACE_ID = "traceId";
    public static final String TRACEPARENT = "traceparent";
    public static final String USER_ID = "userId";
    public static final String ORGANIZATION_ID = "organizationId";
    public static final String EVENT_TYPE = "eventType";
    public static final String SOURCE = "source";

    private MetadataKeys() {
    }
}
