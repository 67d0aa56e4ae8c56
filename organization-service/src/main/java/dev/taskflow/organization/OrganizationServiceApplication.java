package dev.taskflow.organization;

import dev.taskflow.support.messaging.AxonMessagingConfiguration;
import dev.taskflow.support.messaging.KafkaPublicationConfiguration;
import dev.taskflow.support.web.WebSupportConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * Organizations, members and roles. The {@code Organization} aggregate is the source of truth for
 * membership; its events are published to Kafka from the local event store (the outbox).
 */
@SpringBootApplication
@Import({WebSupportConfiguration.class, AxonMessagingConfiguration.class, KafkaPublicationConfiguration.class})
public class OrganizationServiceApplication {

    public static final String SERVICE_NAME = "organization-service";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(OrganizationServiceApplication.class)
                .properties("spring.config.name=" + SERVICE_NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
