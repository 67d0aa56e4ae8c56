package dev.taskflow.audit;

import dev.taskflow.support.deadletter.DeadLetterConfiguration;
import dev.taskflow.support.membership.MembershipCacheConfiguration;
import dev.taskflow.support.messaging.AxonMessagingConfiguration;
import dev.taskflow.support.messaging.KafkaConsumptionConfiguration;
import dev.taskflow.support.web.WebSupportConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** The immutable audit trail of every integration event, idempotent by eventId. */
@SpringBootApplication
@Import({WebSupportConfiguration.class, AxonMessagingConfiguration.class, KafkaConsumptionConfiguration.class,
        MembershipCacheConfiguration.class, DeadLetterConfiguration.class})
public class AuditProjectionApplication {

    public static final String SERVICE = "audit-projection";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(AuditProjectionApplication.class).properties("spring.config.name=" + SERVICE);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
