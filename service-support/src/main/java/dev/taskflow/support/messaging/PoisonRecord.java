package dev.taskflow.support.messaging;

import java.util.Base64;

/**
 * A Kafka record whose value is not a valid event envelope (unparseable JSON; eventId, eventType or
 * data missing; data not matching its type). A poison-tolerant source
 * ({@link KafkaSources#forTopicsWithPoisonRecords}) hands it to the processor as an ordinary event with
 * this payload instead of failing the fetch, so the record can be dead-lettered at once while the
 * partition moves on. Its event identifier is derived from topic, partition and offset, so reading the
 * same record again (a replay) yields the same event.
 *
 * @param topic     where the record was read
 * @param partition its partition
 * @param offset    its offset
 * @param key       the record key (normally the organizationId), may be null
 * @param value     the raw record value, exactly as read (null for a tombstone)
 * @param error     why the value is not an envelope
 */
public record PoisonRecord(String topic, int partition, long offset, String key, byte[] value, String error) {

    /** The raw value as Base64, for logs and APIs that cannot carry bytes. */
    public String valueBase64() {
        return value == null ? null : Base64.getEncoder().encodeToString(value);
    }

    /** {@code topic-partition@offset}. */
    public String coordinates() {
        return topic + "-" + partition + "@" + offset;
    }
}
