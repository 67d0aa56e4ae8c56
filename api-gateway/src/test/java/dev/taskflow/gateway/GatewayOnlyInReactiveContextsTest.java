package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class GatewayOnlyInReactiveContextsTest {

    private static StandardEnvironment processed(WebApplicationType type, Map<String, Object> explicit) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("explicit", explicit));
        SpringApplication application = new SpringApplication();
        application.setWebApplicationType(type);
        new GatewayOnlyInReactiveContexts().postProcessEnvironment(environment, application);
        return environment;
    }

    @Test
    void servletAndNonWebContextsDoNotStartTheGateway() {
        assertThat(processed(WebApplicationType.SERVLET, Map.of()).getProperty(GatewayOnlyInReactiveContexts.ENABLED))
                .isEqualTo("false");
        assertThat(processed(WebApplicationType.NONE, Map.of()).getProperty(GatewayOnlyInReactiveContexts.ENABLED))
                .isEqualTo("false");
        assertThat(processed(WebApplicationType.SERVLET, Map.of())
                .getProperty(GatewayOnlyInReactiveContexts.RESILIENCE4J_ENABLED)).isEqualTo("false");
    }

    @Test
    void theReactiveGatewayContextIsLeftAlone() {
        assertThat(processed(WebApplicationType.REACTIVE, Map.of()).getProperty(GatewayOnlyInReactiveContexts.ENABLED))
                .isNull();
        assertThat(processed(WebApplicationType.REACTIVE, Map.of())
                .getProperty(GatewayOnlyInReactiveContexts.RESILIENCE4J_ENABLED)).isNull();
    }

    @Test
    void anExplicitSettingWins() {
        assertThat(processed(WebApplicationType.SERVLET, Map.of(GatewayOnlyInReactiveContexts.ENABLED, "true"))
                .getProperty(GatewayOnlyInReactiveContexts.ENABLED)).isEqualTo("true");
    }

    @Test
    void aNonReactiveApplicationOnThisClassPathStartsWithoutGatewayBeans() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NonReactiveService.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off")
                .run()) {
            assertThat(context.getEnvironment().getProperty(GatewayOnlyInReactiveContexts.ENABLED)).isEqualTo("false");
            assertThat(context.getBeanNamesForType(RouteLocator.class)).isEmpty();
            // Spring Cloud's Resilience4j auto-configuration would fail here for want of registries
            assertThat(context.getBeanNamesForType(ReactiveCircuitBreakerFactory.class)).isEmpty();
            assertThat(context.getBeanNamesForType(CircuitBreakerFactory.class)).isEmpty();
        }
    }

    /** Stands in for another service's context in the embedded launcher. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class NonReactiveService {
    }
}
