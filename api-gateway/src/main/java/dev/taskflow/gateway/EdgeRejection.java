package dev.taskflow.gateway;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A request the edge refuses itself; {@link ProblemExceptionHandler} turns it into problem+json. */
final class EdgeRejection extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final Duration retryAfter;
    private final Map<String, Object> properties;

    private EdgeRejection(HttpStatus status, String title, String detail, Duration retryAfter, Throwable cause) {
        this(status, title, detail, retryAfter, cause, Map.of());
    }

    private EdgeRejection(HttpStatus status, String title, String detail, Duration retryAfter, Throwable cause,
                          Map<String, Object> properties) {
        // expected outcomes, not bugs: no stack trace to fill on every refused request
        super(detail, cause, false, false);
        this.status = status;
        this.title = title;
        this.retryAfter = retryAfter;
        this.properties = Map.copyOf(properties);
    }

    static EdgeRejection unauthenticated(String detail) {
        return new EdgeRejection(HttpStatus.UNAUTHORIZED, "Unauthorized", detail, null, null);
    }

    /** A valid token without the rights the route needs: 403, nothing forwarded. */
    static EdgeRejection forbidden(String detail) {
        return new EdgeRejection(HttpStatus.FORBIDDEN, "Forbidden", detail, null, null);
    }

    static EdgeRejection notFound(String detail) {
        return new EdgeRejection(HttpStatus.NOT_FOUND, "Not found", detail, null, null);
    }

    static EdgeRejection badRequest(String detail) {
        return new EdgeRejection(HttpStatus.BAD_REQUEST, "Bad request", detail, null, null);
    }

    /** The body is larger than {@code taskflow.gateway.max-body-size}: 413, nothing forwarded. */
    static EdgeRejection headersTooLarge(String detail) {
        return new EdgeRejection(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request header fields too large", detail,
                null, null);
    }

    static EdgeRejection payloadTooLarge(String detail) {
        return new EdgeRejection(HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large", detail, null, null);
    }

    /**
     * A rate limit is used up: 429, nothing forwarded.
     *
     * @param limit      which one ({@code per-user}, {@code per-organization}, {@code per-address}); also the
     *                   problem's {@code limit} member, for clients that tell them apart
     * @param retryAfter until the bucket holds a token again
     */
    static EdgeRejection tooManyRequests(String limit, String detail, Duration retryAfter) {
        return new EdgeRejection(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail, retryAfter, null,
                Map.of("limit", limit));
    }

    /**
     * @param retryAfter when the gateway will try identity again (its circuit breaker is open), or
     *                   {@code null} when identity was just tried and failed
     */
    static EdgeRejection identityUnavailable(Throwable cause, Duration retryAfter) {
        return new EdgeRejection(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                "The token could not be validated because identity-service is unavailable", retryAfter, cause);
    }

    /** The service's circuit breaker is open: the request was not forwarded. */
    static EdgeRejection circuitOpen(String service, Duration retryAfter) {
        return new EdgeRejection(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                "The " + service + " service is unavailable (circuit breaker open); the request was not forwarded."
                        + " Retry later.", retryAfter, null);
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }

    /** For the Retry-After header; {@code null} when the gateway cannot say. */
    Duration retryAfter() {
        return retryAfter;
    }

    /** Extension members of the problem (RFC 9457 §3.2), next to the standard ones. */
    Map<String, Object> properties() {
        return properties;
    }
}
