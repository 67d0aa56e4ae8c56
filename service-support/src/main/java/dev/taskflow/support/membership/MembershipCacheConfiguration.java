package dev.taskflow.support.membership;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.support.messaging.KafkaConsumptionConfiguration;
import dev.taskflow.support.messaging.KafkaSources;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A local, event-fed copy of organization membership. The service's Flyway locations must include
 * {@code classpath:db/membership}.
 */
@Configuration(proxyBeanMethods = false)
@Import(KafkaConsumptionConfiguration.class)
public class MembershipCacheConfiguration {

    @Bean
    MembershipDirectory membershipDirectory(JdbcTemplate jdbc) {
        return new MembershipDirectory(jdbc);
    }

    @Bean
    MembershipGuard membershipGuard(MembershipDirectory directory, MeterRegistry registry) {
        return new MembershipGuard(directory, registry);
    }

    @Bean
    MembershipProjection membershipProjection(JdbcTemplate jdbc) {
        return new MembershipProjection(jdbc);
    }

    @Autowired
    void registerProcessor(EventProcessingConfigurer processing, KafkaSources sources) {
        processing.registerTrackingEventProcessor(MembershipProjection.GROUP, c -> sources.forTopics(Topics.MEMBERSHIP));
    }
}
