package dev.taskflow.workflow;

import java.time.Clock;
import dev.taskflow.support.membership.MembershipCacheConfiguration;
import dev.taskflow.support.messaging.AxonMessagingConfiguration;
import dev.taskflow.support.messaging.KafkaPublicationConfiguration;
import dev.taskflow.support.web.WebSupportConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import({WebSupportConfiguration.class, AxonMessagingConfiguration.class, KafkaPublicationConfiguration.class,
        MembershipCacheConfiguration.class})
public class CommandSideApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(CommandSideApplication.class).properties("spring.config.name=command-side");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
