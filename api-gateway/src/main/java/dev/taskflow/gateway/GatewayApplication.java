package dev.taskflow.gateway;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The edge of the platform: authenticates through identity-service and routes to the services. */
@SpringBootApplication
@EnableConfigurationProperties({GatewayProperties.class, AdminProperties.class, RateLimitProperties.class,
        SecurityProperties.class})
public class GatewayApplication {

    /**
     * The launcher starts every service from this kind of builder. The web type is explicit because
     * Spring MVC shares the launcher's class path and would otherwise win the deduction.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .properties("spring.config.name=api-gateway")
                .web(WebApplicationType.REACTIVE);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
