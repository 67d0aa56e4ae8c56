package dev.taskflow.support.deadletter;

import dev.taskflow.support.messaging.KafkaConsumptionConfiguration;
import dev.taskflow.support.messaging.KafkaMessagingProperties;
import dev.taskflow.support.messaging.KafkaSources;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskflow.support.observability.ConsumerLagMonitor;
import dev.taskflow.support.observability.StoredTokenPositions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Consumer-side failure handling for a service that reads Kafka into projections: retries with
 * back-off and jitter, Axon's sequenced dead-letter queue (JPA, table {@code dead_letter_entry} from
 * {@code db/axon}) per processing group, every dead letter also on the topic {@code <consumer>.dlq}, and
 * the operator endpoints under {@code /admin/dead-letters}. Needs {@code taskflow.consumer.name}; the
 * service registers its groups with {@link DeadLetteringProcessors#registerTrackingProcessor}.
 * Every Kafka consumer of the platform registers this way; only the Kafka publisher retries for ever.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@Import(KafkaConsumptionConfiguration.class)
@EnableConfigurationProperties({ConsumerFailureProperties.class, ConsumerProcessingProperties.class})
public class DeadLetterConfiguration {

    @Bean(destroyMethod = "destroy")
    DeadLetterPublisher deadLetterPublisher(ConsumerFailureProperties properties, KafkaMessagingProperties kafka) {
        if (properties.name() == null || properties.name().isBlank()) {
            throw new IllegalStateException("taskflow.consumer.name must name the consumer (e.g. audit)");
        }
        DeadLetterPublisher publisher = new DeadLetterPublisher(properties.name(),
                properties.deadLetter().publishTimeout(), kafka);
        publisher.ensureTopic();
        return publisher;
    }

    @Bean
    DeadLetteringProcessors deadLetteringProcessors(ConsumerFailureProperties properties,
                                                    ConsumerProcessingProperties processing, KafkaSources sources,
                                                    DeadLetterPublisher publisher,
                                                    ObjectProvider<EntityManagerProvider> entityManagers,
                                                    ObjectProvider<TransactionManager> axonTransactions,
                                                    ObjectProvider<PlatformTransactionManager> springTransactions,
                                                    ObjectProvider<MeterRegistry> meters) {
        return new DeadLetteringProcessors(properties, processing, sources, publisher, entityManagers, axonTransactions,
                springTransactions, meters);
    }

    /**
     * Axon collects handler enhancers early, while it builds its handler definition; the registry of
     * retrying groups is looked up lazily, on the first failure.
     */
    @Bean
    static RetryingHandlerEnhancer retryingHandlerEnhancer(@Lazy DeadLetteringProcessors processors,
                                                           ObjectProvider<DataSource> dataSources,
                                                           ObjectProvider<MeterRegistry> meters) {
        return new RetryingHandlerEnhancer(processors::retryPolicy, dataSources, meters);
    }

    @Bean
    ConsumerLagMonitor consumerLagMonitor(ConsumerFailureProperties properties, KafkaMessagingProperties kafka,
                                          DeadLetteringProcessors processors, ObjectProvider<Configuration> axon,
                                          ObjectProvider<JdbcTemplate> jdbc, ObjectProvider<MeterRegistry> meters) {
        return new ConsumerLagMonitor(kafka.bootstrapServers(), processors::topicsByGroup,
                () -> axon.getObject().eventProcessingConfiguration(),
                group -> new StoredTokenPositions(jdbc.getObject(), axon.getObject().serializer()).apply(group),
                meters.getIfAvailable(SimpleMeterRegistry::new), properties.lagInterval());
    }

    @Bean
    DeadLetterAdmin deadLetterAdmin(DeadLetteringProcessors processors, ObjectProvider<Configuration> axon,
                                    ObjectProvider<PlatformTransactionManager> transactions,
                                    ObjectProvider<MeterRegistry> meters) {
        return new DeadLetterAdmin(processors, axon, transactions, meters);
    }

    @Bean
    DeadLetterOperations deadLetterOperations(DeadLetteringProcessors processors, DeadLetterAdmin admin,
                                              DeadLetterPublisher publisher, PlatformTransactionManager transactions,
                                              ObjectProvider<ObjectMapper> json) {
        return new DeadLetterOperations(processors, admin, publisher, transactions,
                json.getIfAvailable(ObjectMapper::new), Clock.systemUTC());
    }

    @Bean
    DeadLetterOperationsController deadLetterOperationsController(DeadLetterOperations operations) {
        return new DeadLetterOperationsController(operations);
    }

    @Bean
    DeadLetterController deadLetterController(DeadLetterAdmin admin) {
        return new DeadLetterController(admin);
    }
}
