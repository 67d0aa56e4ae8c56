package dev.taskflow.support.observability;

import dev.taskflow.api.messaging.MetadataKeys;
import dev.taskflow.support.messaging.KafkaMetadataKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What a consumer tells about each event it handles: the request context in the MDC while the handlers
 * run (every line they log carries correlationId, userId, organizationId and the eventId), one line per
 * event handled, and the timer {@code consumer.processing.latency}: from the event's creation to the moment
 * this consumer has handled it.
 */
public final class ConsumerObservation implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(ConsumerObservation.class);
    private static final List<String> CONTEXT = List.of(MetadataKeys.CORRELATION_ID, MetadataKeys.USER_ID,
            MetadataKeys.ORGANIZATION_ID);

    private final String processingGroup;
    private final MeterRegistry meters;

    public ConsumerObservation(String processingGroup, MeterRegistry meters) {
        this.processingGroup = processingGroup;
        this.meters = meters;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        EventMessage<?> event = unitOfWork.getMessage();
        MetaData meta = event.getMetaData();
        for (String key : CONTEXT) {
            put(key, meta.get(key));
        }
        MDC.put("eventId", event.getIdentifier());
        MDC.put("processingGroup", processingGroup);
        try {
            Object result = chain.proceed();
            Duration latency = Duration.between(event.getTimestamp(), Instant.now());
            String topic = String.valueOf(meta.getOrDefault(KafkaMetadataKeys.TOPIC, "none"));
            Timer.builder("consumer.processing.latency").tag("processingGroup", processingGroup).tag("topic", topic)
                    .description("From the event's creation until this consumer has handled it")
                    .publishPercentileHistogram()
                    .register(meters).record(latency.isNegative() ? Duration.ZERO : latency);
            log.atInfo().setMessage("Event handled: {} {} in {}")
                    .addArgument(meta.getOrDefault(MetadataKeys.EVENT_TYPE, event.getPayloadType().getSimpleName()))
                    .addArgument(event.getIdentifier()).addArgument(processingGroup)
                    .addKeyValue("msg", "Event handled")
                    .addKeyValue("eventId", event.getIdentifier())
                    .addKeyValue("correlationId", meta.get(MetadataKeys.CORRELATION_ID))
                    .addKeyValue("originTraceId", meta.get(MetadataKeys.TRACE_ID))
                    .addKeyValue("topic", topic)
                    .addKeyValue("partition", meta.get(KafkaMetadataKeys.PARTITION))
                    .addKeyValue("offset", meta.get(KafkaMetadataKeys.OFFSET))
                    .addKeyValue("latencyMs", latency.toMillis())
                    .log();
            return result;
        } finally {
            CONTEXT.forEach(MDC::remove);
            MDC.remove("eventId");
            MDC.remove("processingGroup");
        }
    }

    private static void put(String key, Object value) {
        if (value != null) {
            MDC.put(key, value.toString());
        }
    }
}
