package dev.taskflow.gateway;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigurationProperties;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Seed §5.6: one circuit breaker per downstream service (Spring Cloud CircuitBreaker on Resilience4j,
 * reactive). A breaker belongs to a service, not to a route: identity's two routes and the token
 * validation share one, because they fail together.
 *
 * <p>What counts as a failure: every error of the call itself (connection refused or reset, unknown
 * host, connect or response timeout) and the statuses in {@code failure-statuses} (default 502, 503,
 * 504: the service, or something in front of it, says it cannot serve now; our services answer 503
 * when their database is down). Not counted: 4xx (the service works, the request was wrong) and the
 * other 5xx, notably 500: a bug hit by one kind of request must not take the whole service off the
 * air for everyone else.
 *
 * <p>The Resilience4j registries are built here rather than by Resilience4j's Spring Boot starter,
 * which is kept off the class path (see pom.xml), and Spring Cloud's own Resilience4j
 * auto-configuration is switched off in api-gateway.yml because it expects that starter's beans.
 */
@Configuration(proxyBeanMethods = false)
class DownstreamCircuitBreakers {

    private static final Logger log = LoggerFactory.getLogger(DownstreamCircuitBreakers.class);

    private final CircuitBreakerRegistry registry;
    private final Map<String, ReactiveCircuitBreaker> breakers;
    private final Set<Integer> failureStatuses;
    private final Duration openWait;

    DownstreamCircuitBreakers(GatewayProperties properties) {
        GatewayProperties.CircuitBreaker settings = properties.circuitBreaker();
        this.registry = CircuitBreakerRegistry.of(config(settings));
        this.failureStatuses = Set.copyOf(settings.failureStatuses());
        this.openWait = settings.waitDurationInOpenState();
        ReactiveResilience4JCircuitBreakerFactory factory = factory(registry);
        Map<String, ReactiveCircuitBreaker> byService = new LinkedHashMap<>();
        for (String service : properties.services().byName().keySet()) {
            byService.put(service, factory.create(service));
            // created now, not on the first call, so health shows every service from the start
            registry.circuitBreaker(service).getEventPublisher().onStateTransition(event -> log.warn(
                    "Circuit breaker of {}: {}", service, event.getStateTransition()));
        }
        this.breakers = Collections.unmodifiableMap(byService);
    }

    CircuitBreakerRegistry registry() {
        return registry;
    }

    static CircuitBreakerConfig config(GatewayProperties.CircuitBreaker settings) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitDurationInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                // no timer thread: the first request after the wait is the first trial call
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(DownstreamCircuitBreakers::isFailure)
                .build();
    }

    private static ReactiveResilience4JCircuitBreakerFactory factory(CircuitBreakerRegistry registry) {
        Resilience4JConfigurationProperties settings = new Resilience4JConfigurationProperties();
        // Spring Cloud would add a TimeLimiter of 1 s by default, cutting off slow but healthy answers;
        // the gateway's connect/response timeouts and GATEWAY_IDENTITY_TIMEOUT bound the calls instead
        settings.setDisableTimeLimiter(true);
        // no bulkhead: limiting concurrent calls per service is not this breaker's job
        return new ReactiveResilience4JCircuitBreakerFactory(registry, TimeLimiterRegistry.ofDefaults(), null, settings);
    }

    /** A 4xx the gateway raises itself (never a downstream's answer, which is no exception) is the client's fault. */
    static boolean isFailure(Throwable error) {
        return !(error instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError());
    }

    /** For the tests and anyone who wants to look at the breakers. */
    @Bean
    CircuitBreakerRegistry gatewayCircuitBreakerRegistry() {
        return registry;
    }

    /**
     * Runs {@code call} through the service's breaker. An open breaker fails with
     * {@link CallNotPermittedException} at once, without subscribing to {@code call}: nothing is sent.
     */
    <T> Mono<T> run(String service, Mono<T> call) {
        ReactiveCircuitBreaker breaker = breakers.get(service);
        if (breaker == null) {
            throw new IllegalArgumentException("No circuit breaker for " + service);
        }
        return breaker.run(call, Mono::error);
    }

    /** Whether a status the service answered with counts against it. */
    boolean countsAsFailure(HttpStatusCode status) {
        return failureStatuses.contains(status.value());
    }

    Set<String> services() {
        return breakers.keySet();
    }

    CircuitBreaker breaker(String service) {
        return registry.circuitBreaker(service);
    }

    /** How long an open breaker waits before trial calls; a client should not retry sooner. */
    Duration openWait() {
        return openWait;
    }
}
