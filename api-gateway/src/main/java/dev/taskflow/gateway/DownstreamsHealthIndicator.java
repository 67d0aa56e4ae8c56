package dev.taskflow.gateway;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.netty.channel.ChannelOption;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The {@code downstreams} component of the gateway's {@code /actuator/health}: for every service its
 * own health (its {@code /actuator/health}, asked with a short timeout and cached for a few seconds)
 * and the state of its circuit breaker.
 *
 * <p>A service that is down does not make the gateway DOWN: the gateway still serves the other
 * services, and a load balancer or orchestrator that took the gateway out (or restarted it) because of
 * a service behind it would only make things worse. So this component is {@code UP} when every service
 * is UP with a closed breaker and {@code DEGRADED} otherwise; {@code DEGRADED} is not in the health
 * status order, so the gateway's overall status and HTTP code stay those of the gateway itself.
 */
@Component
class DownstreamsHealthIndicator implements ReactiveHealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED",
            "At least one service is not UP or its circuit breaker is not closed");
    private static final String HEALTH_PATH = "/actuator/health";
    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

    private final DownstreamCircuitBreakers breakers;
    private final Map<String, Mono<Probe>> probes = new LinkedHashMap<>();

    DownstreamsHealthIndicator(WebClient.Builder builder, GatewayProperties properties,
                               DownstreamCircuitBreakers breakers, ServiceCredential credential) {
        this.breakers = breakers;
        GatewayProperties.DownstreamHealth settings = properties.downstreamHealth();
        Duration timeout = settings.timeout();
        HttpClient httpClient = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .responseTimeout(timeout);
        WebClient webClient = builder.clone().clientConnector(new ReactorClientHttpConnector(httpClient))
                .filter(credential.onEveryCall())
                .build();
        properties.services().byName().forEach((service, uri) ->
                // cache(ttl): concurrent health requests share one probe, and a service is asked at most
                // once per ttl however often the gateway's health is polled
                probes.put(service, probe(webClient, uri, timeout).cache(settings.cacheTtl())));
    }

    @Override
    public Mono<Health> health() {
        return Flux.fromIterable(probes.entrySet())
                .flatMap(entry -> entry.getValue().map(probe -> Map.entry(entry.getKey(), probe)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(results -> {
                    boolean allWell = true;
                    Map<String, Object> details = new LinkedHashMap<>();
                    for (String service : probes.keySet()) {
                        Probe probe = results.get(service);
                        CircuitBreaker breaker = breakers.breaker(service);
                        allWell &= Status.UP.getCode().equals(probe.status())
                                && breaker.getState() == CircuitBreaker.State.CLOSED;
                        details.put(service, describe(probe, breaker));
                    }
                    return Health.status(allWell ? Status.UP : DEGRADED).withDetails(details).build();
                });
    }

    private static Map<String, Object> describe(Probe probe, CircuitBreaker breaker) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("status", probe.status());
        if (probe.httpStatus() != null) {
            detail.put("httpStatus", probe.httpStatus());
        }
        if (probe.error() != null) {
            detail.put("error", probe.error());
        }
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        Map<String, Object> circuitBreaker = new LinkedHashMap<>();
        circuitBreaker.put("state", breaker.getState().name());
        // -1 until the window holds the minimum number of calls
        circuitBreaker.put("failureRate", metrics.getFailureRate());
        circuitBreaker.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
        circuitBreaker.put("failedCalls", metrics.getNumberOfFailedCalls());
        circuitBreaker.put("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
        detail.put("circuitBreaker", circuitBreaker);
        return detail;
    }

    /**
     * Never fails: a service that cannot be reached is DOWN; one that answers without a health
     * status (no actuator there, or something else on that port) is UNKNOWN. Internal addresses stay
     * out of the details, which are public.
     */
    private static Mono<Probe> probe(WebClient webClient, URI service, Duration timeout) {
        return webClient.get()
                .uri(service.resolve(HEALTH_PATH))
                .accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> response.bodyToMono(JSON_OBJECT)
                        .map(body -> body.get("status") instanceof String status ? status : Status.UNKNOWN.getCode())
                        .onErrorReturn(Status.UNKNOWN.getCode())
                        .defaultIfEmpty(Status.UNKNOWN.getCode())
                        .map(status -> new Probe(status, response.statusCode().value(), null)))
                .timeout(timeout)
                .onErrorResume(error -> Mono.just(new Probe(Status.DOWN.getCode(), null, reason(error))));
    }

    private static String reason(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.netty.channel.ConnectTimeoutException) {
                return "no connection in time";
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host";
            }
            if (cause instanceof TimeoutException || cause instanceof io.netty.handler.timeout.TimeoutException) {
                return "no answer in time";
            }
        }
        return error.getClass().getSimpleName();
    }

    private record Probe(String status, Integer httpStatus, String error) {
    }
}
