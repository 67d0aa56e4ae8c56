package dev.taskflow.gateway;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.cloud.gateway.filter.headers.observation.DefaultGatewayObservationConvention;
import org.springframework.cloud.gateway.filter.headers.observation.GatewayObservationConvention;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The proxied call to a service is observed under a name of its own. By default Spring Cloud Gateway
 * reuses {@code http.client.requests} with other tags than the WebClient that calls identity, and
 * Prometheus accepts only one set of tags per name, so one of the two would be dropped. The circuit
 * breakers the gateway builds itself are bound to the meter registry here.
 */
@Configuration(proxyBeanMethods = false)
class GatewayObservability {

    static final String PROXY_OBSERVATION = "gateway.proxy.requests";

    /** {@code resilience4j.circuitbreaker.*} per service: state, calls, failure rate. */
    @Bean
    MeterBinder downstreamBreakerMetrics(DownstreamCircuitBreakers breakers) {
        return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers.registry());
    }

    @Bean
    GatewayObservationConvention proxiedRequestObservation() {
        return new DefaultGatewayObservationConvention() {
            @Override
            public String getName() {
                return PROXY_OBSERVATION;
            }
        };
    }
}
