package dev.taskflow.support.messaging;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.extensions.kafka.eventhandling.consumer.AsyncFetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.DefaultConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Reads integration events from Kafka into tracking processors. Positions are kept in this service's
 * own token store (in its database, in the same transaction as the projection), not in consumer groups.
 */
@Configuration(proxyBeanMethods = false)
@Import(KafkaEnvelopeConfiguration.class)
public class KafkaConsumptionConfiguration {

    @Bean
    ConsumerFactory<String, byte[]> axonKafkaConsumerFactory(KafkaMessagingProperties properties) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new DefaultConsumerFactory<>(config);
    }

    @Bean(destroyMethod = "shutdown")
    Fetcher<String, byte[], KafkaEventMessage> axonKafkaFetcher() {
        return AsyncFetcher.<String, byte[], KafkaEventMessage>builder().pollTimeout(1_000).build();
    }

    @Bean
    KafkaSources kafkaSources(ConsumerFactory<String, byte[]> axonKafkaConsumerFactory,
                              Fetcher<String, byte[], KafkaEventMessage> axonKafkaFetcher,
                              EnvelopeKafkaMessageConverter converter,
                              @Qualifier("eventSerializer") Serializer eventSerializer) {
        return new KafkaSources(axonKafkaConsumerFactory, axonKafkaFetcher, converter, eventSerializer);
    }
}
