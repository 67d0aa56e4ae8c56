package dev.taskflow.support.outbox;

import dev.taskflow.support.messaging.KafkaPublicationConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox backlog of a publishing service, as gauges and as {@code GET /admin/outbox}; imported by
 * {@link KafkaPublicationConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxMonitoringConfiguration {

    @Bean
    OutboxBacklog outboxBacklog(JdbcTemplate jdbc, OutboxProperties properties, MeterRegistry registry) {
        return new OutboxBacklog(KafkaPublicationConfiguration.PUBLISHER_GROUP, jdbc, properties, registry,
                Clock.systemUTC());
    }

    @Bean
    OutboxController outboxController(OutboxBacklog outboxBacklog) {
        return new OutboxController(outboxBacklog);
    }
}
