package dev.taskflow.query;

import dev.taskflow.support.deadletter.DeadLetterConfiguration;
import dev.taskflow.support.membership.MembershipCacheConfiguration;
import dev.taskflow.support.messaging.AxonMessagingConfiguration;
import dev.taskflow.support.messaging.KafkaConsumptionConfiguration;
import dev.taskflow.support.web.WebSupportConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** The workflow's read side: task and project views fed from Kafka, answered through the QueryGateway. */
@SpringBootApplication
@Import({WebSupportConfiguration.class, AxonMessagingConfiguration.class, KafkaConsumptionConfiguration.class,
        MembershipCacheConfiguration.class, DeadLetterConfiguration.class})
public class QuerySideApplication {

    public static final String SERVICE = "query-side";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(QuerySideApplication.class).properties("spring.config.name=" + SERVICE);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
