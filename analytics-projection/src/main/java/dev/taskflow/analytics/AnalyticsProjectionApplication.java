package dev.taskflow.analytics;

import dev.taskflow.support.deadletter.DeadLetterConfiguration;
import dev.taskflow.support.membership.MembershipCacheConfiguration;
import dev.taskflow.support.messaging.AxonMessagingConfiguration;
import dev.taskflow.support.messaging.KafkaConsumptionConfiguration;
import dev.taskflow.support.web.WebSupportConfiguration;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Per-organization, per-day workflow figures in read-optimised tables. */
@SpringBootApplication
@Import({WebSupportConfiguration.class, AxonMessagingConfiguration.class, KafkaConsumptionConfiguration.class,
        MembershipCacheConfiguration.class, DeadLetterConfiguration.class})
public class AnalyticsProjectionApplication {

    public static final String SERVICE = "analytics-projection";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(AnalyticsProjectionApplication.class)
                .properties("spring.config.name=" + SERVICE);
    }

    public static void main(String[] args) {
        application().run(args);
    }

    /** Days are UTC days, everywhere in this service. */
    @Bean
    Clock analyticsClock() {
        return Clock.systemUTC();
    }
}
