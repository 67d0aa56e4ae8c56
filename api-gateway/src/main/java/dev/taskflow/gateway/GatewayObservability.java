package dev.taskflow.gateway;

import org.springframework.cloud.gateway.filter.headers.observation.DefaultGatewayObservationConvention;
import org.springframework.cloud.gateway.filter.headers.observation.GatewayObservationConvention;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The proxied call to a service is observed under a name of its own. By default Spring Cloud Gateway
 * reuses {@code http.client.requests} with other tags than the WebClient that calls identity, and
 * Prometheus accepts only one set of tags per name, so one of the two would be dropped.
 */
@Configuration(proxyBeanMethods = false)
class GatewayObservability {

    static final String PROXY_OBSERVATION = "gateway.proxy.requests";

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
