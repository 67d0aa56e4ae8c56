package dev.taskflow.support.membership;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.support.deadletter.DeadLetterConfiguration;
import dev.taskflow.support.deadletter.DeadLetteringProcessors;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A local, event-fed copy of organization membership. The service's Flyway locations must include
 * {@code classpath:db/membership}; it needs {@code taskflow.consumer.name}, since a membership event
 * that cannot be applied is dead-lettered like any consumer's (sequence {@code member:<org>:<user>}),
 * and a member with a parked event is denied until an operator settles it.
 */
@Configuration(proxyBeanMethods = false)
@Import(DeadLetterConfiguration.class)
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
    void registerProcessor(EventProcessingConfigurer processing, DeadLetteringProcessors deadLettering) {
        deadLettering.registerTrackingProcessor(processing, MembershipProjection.GROUP, Topics.MEMBERSHIP,
                MembershipProjection::sequenceOf);
    }
}
