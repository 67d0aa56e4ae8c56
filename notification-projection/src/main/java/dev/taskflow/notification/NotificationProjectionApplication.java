package dev.taskflow.notification;

import dev.taskflow.support.deadletter.DeadLetterConfiguration;
import dev.taskflow.support.membership.MembershipCacheConfiguration;
import dev.taskflow.support.messaging.AxonMessagingConfiguration;
import dev.taskflow.support.messaging.KafkaConsumptionConfiguration;
import dev.taskflow.support.web.RequireUser;
import dev.taskflow.support.web.WebSupportConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Notification records of task assignments and completions (in-app), and their delivery by email and by
 * signed webhooks through a delivery table, each (event, channel, recipient) at most once.
 */
@SpringBootApplication
@Import({WebSupportConfiguration.class, AxonMessagingConfiguration.class, KafkaConsumptionConfiguration.class,
        MembershipCacheConfiguration.class, DeadLetterConfiguration.class})
public class NotificationProjectionApplication {

    public static final String SERVICE = "notification-projection";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(NotificationProjectionApplication.class)
                .properties("spring.config.name=" + SERVICE);
    }

    public static void main(String[] args) {
        application().run(args);
    }

    /** Every endpoint of this service is for a signed-in user: 401 before a body is read otherwise. */
    @Bean
    WebMvcConfigurer notificationsNeedAUser() {
        return RequireUser.on("/notifications", "/notifications/**");
    }
}
