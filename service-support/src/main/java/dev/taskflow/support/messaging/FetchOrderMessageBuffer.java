package dev.taskflow.support.messaging;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.Buffer;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.SortedKafkaMessageBuffer;

/**
 * The fetch buffer of a Kafka source: records leave in the order they were fetched.
 * <p>
 * Axon's converter gives every record the token of everything fetched up to and including it, so a
 * record's token is only right if the records before it in fetch order were handed out before it. Axon's
 * {@link SortedKafkaMessageBuffer} hands them out by timestamp instead. With several topics or partitions
 * in one fetch that broke both ways: a processor committed a token covering records still in the buffer
 * (stopped there, it skipped them on restart: the "replays that lost records"), or its last token stayed
 * behind records it had applied (a rebuild never reached the live position until new events came). It also
 * dropped one of two records of different topics with the same millisecond, partition and offset, since it
 * keeps them in a set ordered without the topic.
 * <p>
 * Within a partition, fetch order is offset order; across partitions and topics Kafka promises no order
 * anyway, and consumers that need one per entity use the {@code aggregateSequence} header.
 */
final class FetchOrderMessageBuffer implements Buffer<KafkaEventMessage> {

    private final int capacity;
    private final ArrayDeque<KafkaEventMessage> records;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    FetchOrderMessageBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.records = new ArrayDeque<>(capacity);
    }

    @Override
    public void put(KafkaEventMessage message) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (records.size() >= capacity) {
                notFull.await();
            }
            records.addLast(message);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void putAll(Collection<KafkaEventMessage> messages) throws InterruptedException {
        for (KafkaEventMessage message : messages) {
            put(message);
        }
    }

    @Override
    public KafkaEventMessage poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (records.isEmpty()) {
                throwIfFailed();
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return remove();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public KafkaEventMessage take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (records.isEmpty()) {
                throwIfFailed();
                notEmpty.await();
            }
            return remove();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public KafkaEventMessage peek() {
        lock.lock();
        try {
            if (records.isEmpty()) {
                throwIfFailed();
            }
            return records.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return records.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public int remainingCapacity() {
        lock.lock();
        try {
            return capacity - records.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void clear() {
        lock.lock();
        try {
            records.clear();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The fetcher failed: a reader waiting on an empty buffer gets the failure instead of waiting on. */
    @Override
    public void setException(RuntimeException exception) {
        failure.set(exception);
        lock.lock();
        try {
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private KafkaEventMessage remove() {
        KafkaEventMessage head = records.pollFirst();
        notFull.signal();
        return head;
    }

    private void throwIfFailed() {
        RuntimeException exception = failure.get();
        if (exception != null) {
            throw exception;
        }
    }
}
