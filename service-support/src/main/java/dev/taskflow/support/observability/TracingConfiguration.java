package dev.taskflow.support.observability;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.OpenTelemetry;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tracing every service shares (OpenTelemetry through Micrometer Tracing, set up by Spring Boot; OTLP export
 * once {@code management.otlp.tracing.endpoint} is set): Axon's spans on Boot's OpenTelemetry, so commands,
 * event store appends and event processors join the HTTP request's trace, and background database
 * polling is kept out of the traces.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    /**
     * JDBC work is observed (span and timer) only on behalf of something traced: a request or an event being
     * handled. Processors poll their token store and the event store all the time, and each poll would
     * otherwise be a trace of its own; result-set fetches are left out everywhere as noise.
     */
    @Bean
    ObservationPredicate onlyTracedDatabaseWork(ObjectProvider<Tracer> tracer) {
        return (name, context) -> {
            if (!name.startsWith("jdbc.")) {
                return true;
            }
            if (name.equals("jdbc.result-set")) {
                return false;
            }
            Span current = tracer.getIfAvailable(() -> Tracer.NOOP).currentSpan();
            return current != null && !current.isNoop();
        };
    }

    /** Without it Axon would use {@code GlobalOpenTelemetry}, which Spring Boot leaves unset. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory")
    static class AxonTracing {

        @Bean
        SpanFactory axonSpanFactory(ObjectProvider<OpenTelemetry> openTelemetry) {
            OpenTelemetry otel = openTelemetry.getIfAvailable();
            if (otel == null) {
                return NoOpSpanFactory.INSTANCE;
            }
            return OpenTelemetrySpanFactory.builder()
                    .tracer(otel.getTracer("AxonFramework-OpenTelemetry"))
                    .contextPropagators(otel.getPropagators().getTextMapPropagator())
                    .build();
        }
    }
}
