package dev.taskflow.support.messaging;

import dev.taskflow.api.messaging.MetadataKeys;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon settings every service with handlers shares: the request context travels from a command into
 * every event it causes, and a handler failure is retried rather than skipped (skipping would lose an
 * acknowledged event).
 */
@Configuration(proxyBeanMethods = false)
public class AxonMessagingConfiguration {

    /** Replaces Axon's MessageOriginProvider, whose "correlationId" would overwrite the HTTP one. */
    @Bean
    CorrelationDataProvider requestContextCorrelation() {
        return new SimpleCorrelationDataProvider(MetadataKeys.CORRELATION_ID, MetadataKeys.TRACE_ID,
                MetadataKeys.TRACEPARENT, MetadataKeys.USER_ID, MetadataKeys.ORGANIZATION_ID);
    }

    @Autowired
    void retryFailedHandlers(EventProcessingConfigurer processing) {
        processing.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }
}
