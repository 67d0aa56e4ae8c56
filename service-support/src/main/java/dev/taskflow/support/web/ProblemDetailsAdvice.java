package dev.taskflow.support.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import dev.taskflow.support.persistence.DatabaseFailures;
import org.slf4j.MDC;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as application/problem+json with the correlationId, and invalid input names the
 * offending field.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem problem, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setTitle(problem.title());
        return handleExceptionInternal(problem, body, new HttpHeaders(), problem.status(), request);
    }

    /**
     * Whatever else goes wrong still answers problem+json with the correlation id. A database that
     * cannot be reached is 503 (retry later, nothing was written); anything else is 500 without
     * internals in the body.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) throws Exception {
        if (e instanceof ErrorResponse) {
            // Spring MVC's own exceptions keep their status (handled by the base class)
            return handleException(e, request);
        }
        BodyTooLargeException tooLarge = JsonBodyProblems.tooLarge(e);
        if (tooLarge != null) {
            return apiProblem(new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "Request body too large", tooLarge.getMessage()),
                    request);
        }
        HttpStatus status = DatabaseFailures.isUnavailable(e) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR;
        String detail = status == HttpStatus.SERVICE_UNAVAILABLE
                ? "The service's database is unavailable; nothing was changed. Retry later."
                : "Unexpected error; nothing was changed. Quote the correlationId when reporting it.";
        log.atError().setMessage("Request failed: {}").addArgument(e.toString()).setCause(e)
                .addKeyValue("status", status.value()).addKeyValue("correlationId", MDC.get("correlationId")).log();
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        HttpHeaders headers = new HttpHeaders();
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            headers.set(HttpHeaders.RETRY_AFTER, "5");
        }
        return handleExceptionInternal(e, body, headers, status, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Parameter '" + e.getName() + "' has an invalid value");
        body.setTitle("Invalid request");
        body.setProperty("errors", List.of(Map.of("field", e.getName(), "message", "invalid value")));
        return handleExceptionInternal(e, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, "Invalid fields: "
                + String.join(", ", errors.stream().map(f -> f.get("field") + " " + f.get("message")).toList()));
        body.setTitle("Invalid request");
        body.setProperty("errors", errors);
        return handleExceptionInternal(e, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail body = JsonBodyProblems.of(e);
        return handleExceptionInternal(e, body, headers, HttpStatusCode.valueOf(body.getStatus()), request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        if (body == null && e instanceof ErrorResponse errorResponse) {
            // Spring MVC's own exceptions (415, 405, …) come without a body; made here so it gets the correlation id
            body = errorResponse.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem) {
            problem.setProperty("correlationId", correlationId(request));
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private static String correlationId(WebRequest request) {
        Object context = request.getAttribute(RequestContextFilter.ATTRIBUTE, WebRequest.SCOPE_REQUEST);
        if (context instanceof RequestContext rc) {
            return rc.correlationId();
        }
        HttpServletRequest servlet = (HttpServletRequest) request.resolveReference(WebRequest.REFERENCE_REQUEST);
        return servlet == null ? MDC.get("correlationId") : servlet.getHeader(Headers.CORRELATION_ID);
    }
}
