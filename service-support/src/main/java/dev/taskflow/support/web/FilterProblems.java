package dev.taskflow.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Problem responses written by filters, which answer before Spring MVC (and so before
 * {@link ProblemDetailsAdvice}) is reached; the same fields as the advice's, correlation id included.
 */
final class FilterProblems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FilterProblems() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
                      String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        problem.put("correlationId", correlationId(request));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), problem);
    }

    private static String correlationId(HttpServletRequest request) {
        return request.getAttribute(RequestContextFilter.ATTRIBUTE) instanceof RequestContext context
                ? context.correlationId() : RequestContextFilter.contextOf(request).correlationId();
    }
}
