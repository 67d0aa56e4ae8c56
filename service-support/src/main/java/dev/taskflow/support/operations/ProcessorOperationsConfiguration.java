package dev.taskflow.support.operations;

import dev.taskflow.support.deadletter.DeadLetteringProcessors;
import dev.taskflow.support.messaging.KafkaSources;
import dev.taskflow.support.observability.ConsumerLagMonitor;
import java.time.Clock;
import org.axonframework.config.Configuration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The operator API of the event processors, in every service that has Axon processors, and blue-green
 * rebuilds of the projections a service declares as {@link RebuildableProjection} beans.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RebuildProperties.class)
public class ProcessorOperationsConfiguration {

    @Bean
    ProcessorOperations processorOperations(ObjectProvider<Configuration> axon,
                                            ObjectProvider<DeadLetteringProcessors> consumers,
                                            ObjectProvider<ConsumerLagMonitor> lag,
                                            ObjectProvider<ProjectionRebuilds> rebuilds,
                                            ObjectProvider<JdbcTemplate> jdbc) {
        return new ProcessorOperations(axon, consumers, lag, rebuilds, jdbc);
    }

    @Bean
    ProjectionRebuilds projectionRebuilds(ObjectProvider<RebuildableProjection> projections,
                                          ObjectProvider<Configuration> axon, ObjectProvider<KafkaSources> sources,
                                          ObjectProvider<DeadLetteringProcessors> consumers, JdbcTemplate jdbc,
                                          PlatformTransactionManager transactions, RebuildProperties properties) {
        return new ProjectionRebuilds(projections.orderedStream().toList(), axon, sources, consumers, jdbc,
                transactions, properties, Clock.systemUTC());
    }

    @Bean
    ProcessorController processorController(ProcessorOperations operations, ProjectionRebuilds rebuilds) {
        return new ProcessorController(operations, rebuilds);
    }
}
