package dev.taskflow.support.messaging;

import java.util.List;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.SortedKafkaMessageBuffer;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.serialization.Serializer;

/** Builds a Kafka message source per processor, each reading only the topics it needs. */
public class KafkaSources {

    private final ConsumerFactory<String, byte[]> consumerFactory;
    private final Fetcher<String, byte[], KafkaEventMessage> fetcher;
    private final EnvelopeKafkaMessageConverter converter;
    private final Serializer serializer;

    KafkaSources(ConsumerFactory<String, byte[]> consumerFactory, Fetcher<String, byte[], KafkaEventMessage> fetcher,
                 EnvelopeKafkaMessageConverter converter, Serializer serializer) {
        this.consumerFactory = consumerFactory;
        this.fetcher = fetcher;
        this.converter = converter;
        this.serializer = serializer;
    }

    public StreamableKafkaMessageSource<String, byte[]> forTopics(List<String> topics) {
        return StreamableKafkaMessageSource.<String, byte[]>builder()
                .topics(topics)
                .consumerFactory(consumerFactory)
                .fetcher(fetcher)
                .messageConverter(converter)
                .serializer(serializer)
                .bufferFactory(() -> new SortedKafkaMessageBuffer<>(1_000))
                .build();
    }
}
