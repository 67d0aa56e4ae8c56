package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

class DownstreamCircuitBreakersTest {

    private static final URI SOMEWHERE = URI.create("http://127.0.0.1:1");

    private static GatewayProperties properties(GatewayProperties.CircuitBreaker breaker) {
        return new GatewayProperties(
                new GatewayProperties.Services(SOMEWHERE, SOMEWHERE, SOMEWHERE, SOMEWHERE, SOMEWHERE, SOMEWHERE, SOMEWHERE,
                        SOMEWHERE),
                new GatewayProperties.Auth(Duration.ofSeconds(2), Duration.ofSeconds(10), 100),
                breaker,
                new GatewayProperties.DownstreamHealth(Duration.ofSeconds(1), Duration.ofSeconds(5)),
                DataSize.ofMegabytes(1), DataSize.ofKilobytes(16));
    }

    private static Throwable errorOf(Mono<?> mono) {
        return mono.then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(Duration.ofSeconds(5));
    }

    private static final GatewayProperties.CircuitBreaker SETTINGS =
            new GatewayProperties.CircuitBreaker(10, 5, 50, Duration.ofSeconds(10), 3, Set.of(502, 503, 504));

    @Test
    void settingsBecomeTheBreakersConfiguration() {
        CircuitBreakerConfig config = DownstreamCircuitBreakers.config(SETTINGS);

        assertThat(config.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
        assertThat(config.getSlidingWindowSize()).isEqualTo(10);
        assertThat(config.getMinimumNumberOfCalls()).isEqualTo(5);
        assertThat(config.getFailureRateThreshold()).isEqualTo(50f);
        assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
        assertThat(config.isAutomaticTransitionFromOpenToHalfOpenEnabled()).isFalse();
    }

    @Test
    void connectionFailuresTimeoutsAndGatewayMade5xxCountButGatewayMade4xxDoNot() {
        assertThat(DownstreamCircuitBreakers.isFailure(new ConnectException("Connection refused"))).isTrue();
        assertThat(DownstreamCircuitBreakers.isFailure(new TimeoutException())).isTrue();
        assertThat(DownstreamCircuitBreakers.isFailure(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT))).isTrue();
        assertThat(DownstreamCircuitBreakers.isFailure(new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE))).isFalse();
    }

    @Test
    void onlyTheConfiguredStatusesOfAServiceCount() {
        var breakers = new DownstreamCircuitBreakers(properties(SETTINGS));

        assertThat(breakers.countsAsFailure(HttpStatusCode.valueOf(503))).isTrue();
        assertThat(breakers.countsAsFailure(HttpStatusCode.valueOf(502))).isTrue();
        assertThat(breakers.countsAsFailure(HttpStatusCode.valueOf(500))).isFalse();
        assertThat(breakers.countsAsFailure(HttpStatusCode.valueOf(404))).isFalse();
    }

    @Test
    void everyServiceHasItsOwnBreakerFromTheStart() {
        var breakers = new DownstreamCircuitBreakers(properties(SETTINGS));

        assertThat(breakers.services()).containsExactly(GatewayRoutes.IDENTITY, GatewayRoutes.ORGANIZATION,
                GatewayRoutes.BILLING, GatewayRoutes.COMMAND_SIDE, GatewayRoutes.QUERY_SIDE, GatewayRoutes.AUDIT,
                GatewayRoutes.ANALYTICS, GatewayRoutes.NOTIFICATION);
        assertThat(breakers.gatewayCircuitBreakerRegistry().getAllCircuitBreakers()).hasSize(8);
    }

    @Test
    void anOpenBreakerRefusesWithoutSubscribingToTheCall() {
        var breakers = new DownstreamCircuitBreakers(properties(SETTINGS));
        CircuitBreaker audit = breakers.breaker(GatewayRoutes.AUDIT);
        for (int i = 0; i < 5; i++) {
            assertThat(errorOf(breakers.run(GatewayRoutes.AUDIT, Mono.error(new ConnectException("refused")))))
                    .isInstanceOf(ConnectException.class);
        }
        assertThat(audit.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        boolean[] called = {false};
        Mono<String> call = Mono.fromCallable(() -> {
            called[0] = true;
            return "sent";
        });
        assertThat(errorOf(breakers.run(GatewayRoutes.AUDIT, call))).isInstanceOf(CallNotPermittedException.class);
        assertThat(called[0]).isFalse();
        // the other services are not affected
        assertThat(breakers.breaker(GatewayRoutes.BILLING).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
