package dev.taskflow.billing;

import dev.taskflow.support.membership.MembershipCacheConfiguration;
import dev.taskflow.support.messaging.AxonMessagingConfiguration;
import dev.taskflow.support.messaging.KafkaPublicationConfiguration;
import dev.taskflow.support.web.WebSupportConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * Plans and entitlements. One event-sourced {@code Subscription} per organization; its
 * EntitlementsUpdated events are published to Kafka from the local event store (the outbox).
 * Organization events arrive from Kafka: OrganizationCreated starts a FREE subscription, member events
 * feed the local membership cache that authorizes plan changes.
 */
@SpringBootApplication
@Import({WebSupportConfiguration.class, AxonMessagingConfiguration.class, KafkaPublicationConfiguration.class,
        MembershipCacheConfiguration.class})
public class BillingServiceApplication {

    public static final String SERVICE_NAME = "billing-service";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(BillingServiceApplication.class)
                .properties("spring.config.name=" + SERVICE_NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
