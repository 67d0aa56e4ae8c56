package dev.taskflow.support.web;

import org.springframework.http.HttpStatus;

/**
 * Who asks, for which organization, under which correlation and trace. Built from the headers the
 * gateway sets after it validated the token; a client's own X-User-Id never gets this far.
 */
public record RequestContext(String correlationId, String traceparent, String traceId, String userId,
                             String organizationId) {

    public String requireUser() {
        if (userId == null || userId.isBlank()) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Not authenticated", "No authenticated user on the request");
        }
        return userId;
    }

    public String requireOrganization() {
        if (organizationId == null || organizationId.isBlank()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Organization missing",
                    "Header " + Headers.ORGANIZATION_ID + " is required");
        }
        return organizationId;
    }
}
