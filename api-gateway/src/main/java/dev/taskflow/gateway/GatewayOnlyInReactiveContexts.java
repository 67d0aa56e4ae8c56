package dev.taskflow.gateway;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded launcher runs every service in one JVM on one class path. Spring Cloud Gateway's
 * auto-configuration would then switch on in every service's context, and in a servlet context it
 * refuses to start (MvcFoundOnClasspathException). So outside a reactive application the gateway is
 * switched off by default; the lowest-precedence source keeps any explicit setting in charge.
 *
 * <p>The same goes for Spring Cloud CircuitBreaker's Resilience4j auto-configuration, which this module
 * brings along: it expects registries from Resilience4j's Spring Boot starter, which is kept off the
 * class path, so in another application it would fail for want of them.
 */
class GatewayOnlyInReactiveContexts implements EnvironmentPostProcessor {

    static final String ENABLED = "spring.cloud.gateway.server.webflux.enabled";
    static final String RESILIENCE4J_ENABLED = "spring.cloud.circuitbreaker.resilience4j.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (application.getWebApplicationType() != WebApplicationType.REACTIVE) {
            environment.getPropertySources().addLast(
                    new MapPropertySource("taskflowGatewayOutsideReactive",
                            Map.of(ENABLED, "false", RESILIENCE4J_ENABLED, "false")));
        }
    }
}
