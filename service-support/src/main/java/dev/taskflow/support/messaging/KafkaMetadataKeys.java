package dev.taskflow.support.messaging;

/**
 * Metadata keys the consuming side adds to every event read from Kafka: where the record was read.
 * They travel with the event into handlers and into dead letters, so a failed event can be traced back
 * to its record. Values: topic a String, partition an int, offset a long (after a round trip through a
 * serializer, treat the two numbers as {@link Number}).
 */
public final class KafkaMetadataKeys {

    public static final String TOPIC = "kafkaTopic";
    public static final String PARTITION = "kafkaPartition";
    public static final String OFFSET = "kafkaOffset";

    private KafkaMetadataKeys() {
    }
}
