package dev.taskflow.gateway;

import org.springframework.http.HttpStatus;

/** A request the edge refuses itself; {@link ProblemExceptionHandler} turns it into problem+json. */
final class EdgeRejection extends RuntimeException {

    private final HttpStatus status;
    private final String title;

    private EdgeRejection(HttpStatus status, String title, String detail, Throwable cause) {
        // expected outcomes, not bugs: no stack trace to fill on every refused request
        super(detail, cause, false, false);
        this.status = status;
        this.title = title;
    }

    static EdgeRejection unauthenticated(String detail) {
        return new EdgeRejection(HttpStatus.UNAUTHORIZED, "Unauthorized", detail, null);
    }

    static EdgeRejection identityUnavailable(Throwable cause) {
        return new EdgeRejection(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                "The token could not be validated because identity-service is unavailable", cause);
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }
}
