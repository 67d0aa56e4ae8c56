package dev.taskflow.gateway;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/** A request the edge refuses itself; {@link ProblemExceptionHandler} turns it into problem+json. */
final class EdgeRejection extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final Duration retryAfter;

    private EdgeRejection(HttpStatus status, String title, String detail, Duration retryAfter, Throwable cause) {
        // expected outcomes, not bugs: no stack trace to fill on every refused request
        super(detail, cause, false, false);
        this.status = status;
        this.title = title;
        this.retryAfter = retryAfter;
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
}
