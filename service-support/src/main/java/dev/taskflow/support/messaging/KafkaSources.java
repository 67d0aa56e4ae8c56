package dev.taskflow.support.messaging;

import java.util.List;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.serialization.Serializer;

/**
 * Builds a Kafka message source per processor, each reading only the topics it needs. Every event read
 * carries its record's topic, partition and offset in its metadata ({@link KafkaMetadataKeys}).
 */
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

    /**
     * A source over {@code topics} that hands a record which is not a valid envelope to the processor as a
     * {@link PoisonRecord} event, so that a dead-lettering processor can park it and move on.
     */
    public StreamableKafkaMessageSource<String, byte[]> forTopicsWithPoisonRecords(List<String> topics) {
        return source(topics, converter.withPoisonRecords());
    }

    private StreamableKafkaMessageSource<String, byte[]> source(List<String> topics,
                                                                EnvelopeKafkaMessageConverter converter) {
        return StreamableKafkaMessageSource.<String, byte[]>builder()
                .topics(topics)
                .consumerFactory(consumerFactory)
                .fetcher(fetcher)
                .messageConverter(converter)
                .serializer(serializer)
                .bufferFactory(() -> new FetchOrderMessageBuffer(1_000))
                .build();
    }
}
