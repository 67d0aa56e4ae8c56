package dev.taskflow.identity;

import dev.taskflow.support.web.WebSupportConfiguration;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Users, passwords and tokens. Runs on its own or as one context of the embedded launcher, which is
 * why the configuration file carries the service's name instead of {@code application.yml}.
 */
// spring-security-core comes in with the JOSE library; its auto-configuration would only add an
// unused event publisher, so it stays off and this service never looks like a secured web app.
@SpringBootApplication(exclude = SecurityAutoConfiguration.class)
@ConfigurationPropertiesScan
@Import(WebSupportConfiguration.class)
public class IdentityApplication {

    public static final String CONFIG_NAME = "identity-service";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(IdentityApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    /** The one clock for token times and sign-in lockouts, so that a test can move both without sleeping. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
