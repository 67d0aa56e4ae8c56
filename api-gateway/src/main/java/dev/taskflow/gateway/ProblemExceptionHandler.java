package dev.taskflow.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Every answer the gateway makes up itself is RFC 9457 problem+json with the correlationId (design:
 * public HTTP contract). Ordered before Boot's error handler, whose JSON has another shape.
 */
@Component
class ProblemExceptionHandler implements WebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final ObjectMapper objectMapper;

    ProblemExceptionHandler(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Override
    public int getOrder() {
        return -2;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        Problem problem = problemFor(exchange, error);
        EdgeContext context = EdgeContext.of(exchange);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status().value());
        body.put("detail", problem.detail());
        body.put("instance", exchange.getRequest().getPath().value());
        body.put("correlationId", context.correlationId());
        if (error instanceof EdgeRejection rejection) {
            rejection.properties().forEach(body::putIfAbsent);
        }
        byte[] json;
        try {
            json = objectMapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        response.setStatusCode(problem.status());
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(PROBLEM_JSON);
        headers.setContentLength(json.length);
        headers.set(EdgeHeaders.CORRELATION_ID, context.correlationId());
        if (problem.status() == HttpStatus.UNAUTHORIZED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (error instanceof EdgeRejection rejection && rejection.retryAfter() != null) {
            // whole seconds, rounded up: retrying sooner would only meet the open breaker (or empty bucket) again
            long seconds = Math.max(1, (rejection.retryAfter().toMillis() + 999) / 1000);
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
    }

    private Problem problemFor(ServerWebExchange exchange, Throwable error) {
        if (error instanceof EdgeRejection rejection) {
            return new Problem(rejection.status(), rejection.title(), rejection.getMessage());
        }
        if (isUnreachable(error)) {
            // seed §5.6: a service that is down is a quick 503 at the edge, not a 500 (and it counts
            // towards opening the service's circuit breaker, after which the 503 comes from EdgeRejection)
            return new Problem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                    "The " + serviceName(exchange) + " service is unavailable");
        }
        if (error instanceof ResponseStatusException statusError) {
            HttpStatusCode status = statusError.getStatusCode();
            if (status.value() == HttpStatus.NOT_FOUND.value()) {
                return new Problem(status, "Not found", "No route for " + exchange.getRequest().getMethod().name()
                        + " " + exchange.getRequest().getPath().value());
            }
            HttpStatus known = HttpStatus.resolve(status.value());
            String title = known == null ? "Error" : known.getReasonPhrase();
            return new Problem(status, title, statusError.getReason() == null ? title : statusError.getReason());
        }
        log.error("Unexpected failure at the gateway (correlationId={})", EdgeContext.of(exchange).correlationId(), error);
        return new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "The gateway failed to handle the request");
    }

    private static boolean isUnreachable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    private static String serviceName(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null) {
            return "downstream";
        }
        String service = GatewayRoutes.serviceOf(route);
        return service == null ? route.getId() : service;
    }

    private record Problem(HttpStatusCode status, String title, String detail) {
    }
}
