package dev.taskflow.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.netty.channel.ChannelOption;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * {@code GET /admin/processors}, answered by the gateway: every service's own
 * {@code GET /admin/processors}, asked in parallel, each bounded by {@code processors-timeout} and run
 * through the service's circuit breaker, merged into
 * {@code {"services":[{"service","status":"UP","processors":[…]}, …]}}. A service that cannot answer
 * is listed as {@code UNAVAILABLE} with an {@code error}; it never fails the whole answer.
 */
@Component
class ProcessorsOverview implements GatewayFilter {

    static final String UP = "UP";
    static final String UNAVAILABLE = "UNAVAILABLE";
    private static final String PATH = "/admin/processors";
    private static final Logger log = LoggerFactory.getLogger(ProcessorsOverview.class);

    private final WebClient webClient;
    private final Duration timeout;
    private final DownstreamCircuitBreakers breakers;
    private final ObjectMapper json;
    private final Map<String, URI> services = new LinkedHashMap<>();

    ProcessorsOverview(WebClient.Builder builder, GatewayProperties gateway, AdminProperties admin,
                       DownstreamCircuitBreakers breakers, ObjectMapper json) {
        this.timeout = admin.processorsTimeout();
        this.breakers = breakers;
        this.json = json;
        Map<String, URI> known = gateway.services().byName();
        for (String service : admin.processorServices()) {
            services.put(service, GatewayRoutes.serviceUri(known, "processor-services", service, service));
        }
        HttpClient httpClient = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .responseTimeout(timeout);
        this.webClient = builder.clone().clientConnector(new ReactorClientHttpConnector(httpClient)).build();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        // the request as AuthenticationFilter passed it on: client identity headers replaced
        HttpHeaders request = exchange.getRequest().getHeaders();
        EdgeContext context = EdgeContext.of(exchange);
        return Flux.fromIterable(services.entrySet())
                // in parallel, listed in the configured order
                .flatMapSequential(service -> ask(service.getKey(), service.getValue(), context,
                        request.getFirst(EdgeHeaders.USER_ID), request.getFirst(HttpHeaders.AUTHORIZATION)))
                .collectList()
                .flatMap(entries -> {
                    ObjectNode body = json.createObjectNode();
                    body.putArray("services").addAll(entries);
                    return write(exchange.getResponse(), body);
                });
    }

    /** Never fails: whatever goes wrong becomes an UNAVAILABLE entry. */
    private Mono<ObjectNode> ask(String service, URI uri, EdgeContext context, String userId, String authorization) {
        // Inside the breaker only what says "the service is not working" is an error (as for identity).
        Mono<ObjectNode> call = webClient.get()
                .uri(uri.resolve(PATH))
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
                                .map(body -> body.isArray()
                                        ? up(service, (ArrayNode) body)
                                        : unavailable(service, "answered " + body.getNodeType().name().toLowerCase()
                                                + " instead of a JSON array"))
                                .onErrorResume(error -> error instanceof CodecException
                                                || error instanceof DataBufferLimitException,
                                        error -> Mono.just(unavailable(service, "answered unreadable JSON")))
                                .defaultIfEmpty(unavailable(service, "answered without a body"));
                    }
                    if (breakers.countsAsFailure(response.statusCode())) {
                        return response.releaseBody().then(Mono.error(new FailureStatus(status)));
                    }
                    return response.releaseBody().thenReturn(unavailable(service, "answered status " + status));
                })
                .timeout(timeout);
        return breakers.run(service, call)
                .onErrorResume(error -> {
                    String reason = reason(error);
                    log.info("Processors of {} unavailable (correlationId={}): {}", service, context.correlationId(),
                            reason);
                    return Mono.just(unavailable(service, reason));
                });
    }

    private ObjectNode up(String service, ArrayNode processors) {
        ObjectNode entry = json.createObjectNode();
        entry.put("service", service);
        entry.put("status", UP);
        entry.set("processors", processors);
        return entry;
    }

    private ObjectNode unavailable(String service, String error) {
        ObjectNode entry = json.createObjectNode();
        entry.put("service", service);
        entry.put("status", UNAVAILABLE);
        entry.put("error", error);
        return entry;
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

    private Mono<Void> write(ServerHttpResponse response, ObjectNode body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        response.setStatusCode(HttpStatus.OK);
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(bytes.length);
        headers.setCacheControl(CacheControl.noStore());
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    /** A status that counts against the service's breaker (502, 503, 504 by default). */
    private static final class FailureStatus extends RuntimeException {

        FailureStatus(int status) {
            super("answered status " + status, null, false, false);
        }
    }
}
