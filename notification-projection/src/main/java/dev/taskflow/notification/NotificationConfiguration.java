package dev.taskflow.notification;

import dev.taskflow.notification.contacts.WebhookTargets;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
class NotificationConfiguration {

    @Bean
    WebhookTargets webhookTargets(NotificationProperties properties) {
        return new WebhookTargets(properties.webhooks().allowPrivateAddresses());
    }

    @Bean
    Clock notificationClock() {
        return Clock.systemUTC();
    }
}
