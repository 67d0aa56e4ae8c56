package dev.taskflow.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.netty.channel.ChannelOption;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The calls behind the overviews the gateway answers itself ({@code GET /admin/processors}, {@code /admin/outbox},
 * {@code /admin/dlq}, {@code /admin/requests/{id}}): one service's JSON, asked with the operator's request
 * headers, bounded by {@code processors-timeout} and run through the service's circuit breaker. A call never
 * fails: whatever goes wrong becomes an {@link Answer} with an error, so one service down never takes an
 * overview with it.
 */
@Component
class AdminCalls {

    static final String UP = "UP";
    static final String UNAVAILABLE = "UNAVAILABLE";
    private static final Logger log = LoggerFactory.getLogger(AdminCalls.class);

    private final WebClient webClient;
    private final Duration timeout;
    private final DownstreamCircuitBreakers breakers;
    private final ObjectMapper json;

    AdminCalls(WebClient.Builder builder, AdminProperties admin, DownstreamCircuitBreakers breakers, ObjectMapper json,
               ServiceCredential credential) {
        this.timeout = admin.processorsTimeout();
        this.breakers = breakers;
        this.json = json;
        HttpClient httpClient = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .responseTimeout(timeout);
        this.webClient = builder.clone().clientConnector(new ReactorClientHttpConnector(httpClient))
                .filter(credential.onEveryCall())
                .build();
    }

    /** A service's JSON body, or why there is none. */
    record Answer(JsonNode body, String error) {

        boolean ok() {
            return error == null;
        }
    }

    /**
     * {@code GET} of {@code path} at the service, with the correlation id, request id and trace of the
     * operator's request, their {@code Authorization}, the {@code X-User-Id} the gateway set and (as on
     * every call of this client) the service credential.
     */
    Mono<Answer> get(ServerWebExchange exchange, String service, URI serviceUri, String path) {
        // the request as AuthenticationFilter passed it on: client identity headers replaced
        HttpHeaders request = exchange.getRequest().getHeaders();
        String userId = request.getFirst(EdgeHeaders.USER_ID);
        String authorization = request.getFirst(HttpHeaders.AUTHORIZATION);
        EdgeContext context = EdgeContext.of(exchange);
        // Inside the breaker only what says "the service is not working" is an error (as for identity).
        Mono<Answer> call = webClient.get()
                .uri(serviceUri.resolve(path))
                .headers(headers -> {
                    headers.set(EdgeHeaders.CORRELATION_ID, context.correlationId());
                    headers.set(EdgeHeaders.REQUEST_ID, context.requestId());
                    headers.set(EdgeHeaders.TRACEPARENT, context.traceparent());
                    if (userId != null) {
                        headers.set(EdgeHeaders.USER_ID, userId);
                    }
                    if (authorization != null) {
                        headers.set(HttpHeaders.AUTHORIZATION, authorization);
                    }
                })
                .accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> {
                    int status = response.statusCode().value();
                    if (response.statusCode().is2xxSuccessful()) {
                        return response.bodyToMono(JsonNode.class)
                                .map(body -> new Answer(body, null))
                                .onErrorResume(error -> error instanceof CodecException
                                                || error instanceof DataBufferLimitException,
                                        error -> Mono.just(failed("answered unreadable JSON")))
                                .defaultIfEmpty(failed("answered without a body"));
                    }
                    if (breakers.countsAsFailure(response.statusCode())) {
                        return response.releaseBody().then(Mono.error(new FailureStatus(status)));
                    }
                    return response.releaseBody().thenReturn(failed("answered status " + status));
                })
                .timeout(timeout);
        return breakers.run(service, call)
                .onErrorResume(error -> {
                    String reason = reason(error);
                    log.info("{} of {} unavailable (correlationId={}): {}", path, service, context.correlationId(), reason);
                    return Mono.just(failed(reason));
                });
    }

    static Answer failed(String error) {
        return new Answer(null, error);
    }

    /** An overview entry for a service that answered. */
    ObjectNode up(String service) {
        ObjectNode entry = json.createObjectNode();
        entry.put("service", service);
        entry.put("status", UP);
        return entry;
    }

    /** An overview entry for a service that did not answer usefully. */
    ObjectNode unavailable(String service, String error) {
        ObjectNode entry = json.createObjectNode();
        entry.put("service", service);
        entry.put("status", UNAVAILABLE);
        entry.put("error", error);
        return entry;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    /** 200 with the JSON body; never cached, the figures change by the second. */
    Mono<Void> respond(ServerWebExchange exchange, JsonNode body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.OK);
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(bytes.length);
        headers.setCacheControl(CacheControl.noStore());
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    private String reason(Throwable error) {
        if (error instanceof CallNotPermittedException) {
            return "circuit breaker open";
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof FailureStatus) {
                return cause.getMessage();
            }
            if (cause instanceof io.netty.channel.ConnectTimeoutException) {
                return "no connection within " + timeout.toMillis() + " ms";
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host";
            }
            if (cause instanceof TimeoutException || cause instanceof io.netty.handler.timeout.TimeoutException) {
                return "no answer within " + timeout.toMillis() + " ms";
            }
        }
        return "call failed (" + error.getClass().getSimpleName() + ")";
    }

    /** A status that counts against the service's breaker (502, 503, 504 by default). */
    private static final class FailureStatus extends RuntimeException {

        FailureStatus(int status) {
            super("answered status " + status, null, false, false);
        }
    }
}
