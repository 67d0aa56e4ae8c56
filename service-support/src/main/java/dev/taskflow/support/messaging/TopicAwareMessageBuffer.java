package dev.taskflow.support.messaging;

import java.util.Collection;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.Buffer;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaRecordMetaData;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.SortedKafkaMessageBuffer;

/**
 * The fetch buffer of a Kafka source over several topics. Axon's {@link SortedKafkaMessageBuffer} orders
 * records by timestamp, partition and offset only, and keeps them in a set: two records of different
 * topics with the same millisecond, partition number and offset compare equal, and the second is dropped
 * without a word. That happens easily when a projection re-reads its topics (a replay fetches many old
 * records at once). Here the topic (from the metadata {@link EnvelopeKafkaMessageConverter} sets) is part
 * of the order, so no two records are ever equal.
 */
final class TopicAwareMessageBuffer implements Buffer<KafkaEventMessage> {

    private final SortedKafkaMessageBuffer<Ordered> delegate;

    TopicAwareMessageBuffer(int capacity) {
        this.delegate = new SortedKafkaMessageBuffer<>(capacity);
    }

    /** A record in the buffer's order: timestamp, topic, partition, offset. */
    record Ordered(KafkaEventMessage message, String topic)
            implements Comparable<Ordered>, KafkaRecordMetaData<TrackedEventMessage<?>> {

        private static final Comparator<Ordered> ORDER = Comparator.comparingLong(Ordered::timestamp)
                .thenComparing(Ordered::topic).thenComparingInt(Ordered::partition).thenComparingLong(Ordered::offset);

        static Ordered of(KafkaEventMessage message) {
            Object topic = message.value().getMetaData().get(KafkaMetadataKeys.TOPIC);
            return new Ordered(message, topic == null ? "" : topic.toString());
        }

        @Override
        public int compareTo(Ordered other) {
            return ORDER.compare(this, other);
        }

        @Override
        public int partition() {
            return message.partition();
        }

        @Override
        public long offset() {
            return message.offset();
        }

        @Override
        public long timestamp() {
            return message.timestamp();
        }

        @Override
        public TrackedEventMessage<?> value() {
            return message.value();
        }
    }

    @Override
    public void put(KafkaEventMessage message) throws InterruptedException {
        delegate.put(Ordered.of(message));
    }

    @Override
    public void putAll(Collection<KafkaEventMessage> messages) throws InterruptedException {
        delegate.putAll(messages.stream().map(Ordered::of).toList());
    }

    @Override
    public KafkaEventMessage poll(long timeout, TimeUnit unit) throws InterruptedException {
        return unwrap(delegate.poll(timeout, unit));
    }

    @Override
    public KafkaEventMessage take() throws InterruptedException {
        return unwrap(delegate.take());
    }

    @Override
    public KafkaEventMessage peek() {
        return unwrap(delegate.peek());
    }

    @Override
    public int size() {
        return delegate.size();
    }

    @Override
    public boolean isEmpty() {
        return delegate.isEmpty();
    }

    @Override
    public int remainingCapacity() {
        return delegate.remainingCapacity();
    }

    @Override
    public void clear() {
        delegate.clear();
    }

    @Override
    public void setException(RuntimeException exception) {
        delegate.setException(exception);
    }

    private static KafkaEventMessage unwrap(Ordered ordered) {
        return ordered == null ? null : ordered.message();
    }
}
