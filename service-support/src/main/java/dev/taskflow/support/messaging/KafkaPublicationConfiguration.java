package dev.taskflow.support.messaging;

import dev.taskflow.api.messaging.IntegrationEventType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import dev.taskflow.support.outbox.OutboxMonitoringConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.extensions.kafka.eventhandling.producer.ConfirmationMode;
import org.axonframework.extensions.kafka.eventhandling.producer.DefaultProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Publishes integration events from this service's event store to Kafka. A tracking processor reads
 * the store, so the store is the outbox: a command commits without Kafka, and the processor's token
 * only moves on once the broker acknowledged the record (acks=all).
 */
@Configuration(proxyBeanMethods = false)
@Import({KafkaEnvelopeConfiguration.class, OutboxMonitoringConfiguration.class})
public class KafkaPublicationConfiguration {

    public static final String PUBLISHER_GROUP = "kafka-publisher";
    private static final int DELIVERY_TIMEOUT_MS = 20_000;

    @Bean(destroyMethod = "shutDown")
    ProducerFactory<String, byte[]> axonKafkaProducerFactory(KafkaMessagingProperties properties,
                                                             ObjectProvider<Tracer> tracer,
                                                             ObjectProvider<Propagator> propagator,
                                                             ObjectProvider<MeterRegistry> meters) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        ProducerFactory<String, byte[]> producers = DefaultProducerFactory.<String, byte[]>builder()
                .configuration(config)
                .confirmationMode(ConfirmationMode.WAIT_FOR_ACK)
                .build();
        return new ObservedProducerFactory<>(producers, tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean(destroyMethod = "shutDown")
    KafkaPublisher<String, byte[]> kafkaPublisher(ProducerFactory<String, byte[]> axonKafkaProducerFactory,
                                                  EnvelopeKafkaMessageConverter converter,
                                                  @Qualifier("eventSerializer") Serializer eventSerializer,
                                                  org.axonframework.config.Configuration axon) {
        return KafkaPublisher.<String, byte[]>builder()
                .serializer(eventSerializer)
                .producerFactory(axonKafkaProducerFactory)
                .messageConverter(converter)
                .messageMonitor(axon.messageMonitor(KafkaPublisher.class, "kafkaPublisher"))
                // wait longer than the producer's own delivery timeout: a send then ends either acknowledged
                // or definitively failed, and a retry does not race a copy still buffered in the producer
                .publisherAckTimeout(DELIVERY_TIMEOUT_MS + 5_000)
                // only integration events cross Kafka; anything else is skipped
                .topicResolver(m -> IntegrationEventType.forPayload(m.getPayloadType()).map(IntegrationEventType::topic))
                .build();
    }

    @Bean
    KafkaEventPublisher<String, byte[]> kafkaEventPublisher(KafkaPublisher<String, byte[]> kafkaPublisher,
                                                            EventProcessingConfigurer processing,
                                                            KafkaMessagingProperties properties) {
        KafkaEventPublisher<String, byte[]> publisher = KafkaEventPublisher.<String, byte[]>builder()
                .processingGroup(PUBLISHER_GROUP)
                .kafkaPublisher(kafkaPublisher)
                .build();
        processing.registerEventHandler(c -> publisher)
                .assignHandlerTypesMatching(PUBLISHER_GROUP, type -> type.isAssignableFrom(KafkaEventPublisher.class))
                // a failed send must stop the processor and be retried, never be skipped
                .registerListenerInvocationErrorHandler(PUBLISHER_GROUP, c -> PropagatingErrorHandler.instance())
                // one segment: the records of one key must leave in the order of the event store
                .registerTrackingEventProcessor(PUBLISHER_GROUP, org.axonframework.config.Configuration::eventStore,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(properties.publisherBatchSize()));
        return publisher;
    }
}
