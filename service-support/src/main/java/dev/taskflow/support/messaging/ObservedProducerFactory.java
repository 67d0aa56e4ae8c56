package dev.taskflow.support.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.header.Headers;
import org.axonframework.extensions.kafka.eventhandling.producer.ConfirmationMode;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;

/**
 * Every record sent is a {@code PRODUCER} span ({@code <topic> publish}) that lasts until the broker
 * acknowledged it or the send failed. It is a child of the current span (the publisher's event processing,
 * itself in the trace of the request that caused the event), and its context is the record's
 * {@code traceparent} header, which consumers link to. Sends are timed ({@code kafka.publish}) and failed
 * sends counted ({@code kafka.publish.errors}) per topic.
 */
final class ObservedProducerFactory<K, V> implements ProducerFactory<K, V> {

    private final ProducerFactory<K, V> delegate;
    private final Tracer tracer;
    private final Propagator propagator;
    private final MeterRegistry meters;

    ObservedProducerFactory(ProducerFactory<K, V> delegate, Tracer tracer, Propagator propagator, MeterRegistry meters) {
        this.delegate = delegate;
        this.tracer = tracer;
        this.propagator = propagator;
        this.meters = meters;
    }

    @Override
    public Producer<K, V> createProducer() {
        return new ObservedProducer(delegate.createProducer());
    }

    @Override
    public ConfirmationMode confirmationMode() {
        return delegate.confirmationMode();
    }

    @Override
    public void shutDown() {
        delegate.shutDown();
    }

    private Callback completion(ProducerRecord<K, V> record, Span span, long started, Callback callback) {
        return (metadata, exception) -> {
            String outcome = exception == null ? "success" : "failure";
            if (exception != null) {
                span.error(exception);
                Counter.builder("kafka.publish.errors").tag("topic", record.topic())
                        .tag("exception", exception.getClass().getSimpleName())
                        .description("Records the broker did not acknowledge").register(meters).increment();
            } else {
                span.tag("messaging.destination.partition.id", String.valueOf(metadata.partition()));
                span.tag("messaging.kafka.offset", String.valueOf(metadata.offset()));
            }
            span.end();
            Timer.builder("kafka.publish").tag("topic", record.topic()).tag("outcome", outcome)
                    .description("From send to the broker's acknowledgement").register(meters)
                    .record(Duration.ofNanos(System.nanoTime() - started));
            if (callback != null) {
                callback.onCompletion(metadata, exception);
            }
        };
    }

    private Span startSpan(ProducerRecord<K, V> record) {
        Span.Builder builder = tracer.spanBuilder().name(record.topic() + " publish").kind(Span.Kind.PRODUCER)
                .tag("messaging.system", "kafka")
                .tag("messaging.operation", "publish")
                .tag("messaging.destination.name", record.topic());
        Span current = tracer.currentSpan();
        if (current != null) {
            builder.setParent(current.context());
        }
        if (record.key() != null) {
            builder.tag("messaging.kafka.message.key", record.key().toString());
        }
        Span span = builder.start();
        propagator.inject(span.context(), record.headers(), ObservedProducerFactory::setHeader);
        return span;
    }

    private static void setHeader(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private final class ObservedProducer implements Producer<K, V> {

        private final Producer<K, V> producer;

        ObservedProducer(Producer<K, V> producer) {
            this.producer = producer;
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
            return send(record, null);
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
            Span span = startSpan(record);
            long started = System.nanoTime();
            try {
                return producer.send(record, completion(record, span, started, callback));
            } catch (RuntimeException e) {
                completion(record, span, started, null).onCompletion(null, e);
                throw e;
            }
        }

        @Override
        public void initTransactions() {
            producer.initTransactions();
        }

        @Override
        public void beginTransaction() {
            producer.beginTransaction();
        }

        @Override
        @SuppressWarnings("deprecation")
        public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, String consumerGroupId) {
            producer.sendOffsetsToTransaction(offsets, consumerGroupId);
        }

        @Override
        public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                             ConsumerGroupMetadata groupMetadata) {
            producer.sendOffsetsToTransaction(offsets, groupMetadata);
        }

        @Override
        public void commitTransaction() {
            producer.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            producer.abortTransaction();
        }

        @Override
        public void flush() {
            producer.flush();
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic) {
            return producer.partitionsFor(topic);
        }

        @Override
        public Map<MetricName, ? extends Metric> metrics() {
            return producer.metrics();
        }

        @Override
        public Uuid clientInstanceId(Duration timeout) {
            return producer.clientInstanceId(timeout);
        }

        @Override
        public void close() {
            producer.close();
        }

        @Override
        public void close(Duration timeout) {
            producer.close(timeout);
        }
    }
}
