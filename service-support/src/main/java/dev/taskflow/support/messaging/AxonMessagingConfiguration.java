package dev.taskflow.support.messaging;

import dev.taskflow.api.messaging.MetadataKeys;
import dev.taskflow.support.operations.ProcessorOperationsConfiguration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Axon settings every service with handlers shares: the request context travels from a command into
 * every event it causes, and a handler failure is retried rather than skipped (skipping would lose an
 * acknowledged event). Commands from the web go through {@link ContextualCommandGateway}.
 * <p>
 * Processing groups registered through {@code deadletter.DeadLetteringProcessors} are the exception: a
 * failure there propagates too (Axon's dead-lettering invoker uses its own propagating handler), but it
 * is retried a bounded number of times and then parked in the group's dead-letter queue (decision 0006).
 */
@Configuration(proxyBeanMethods = false)
@Import(ProcessorOperationsConfiguration.class)
public class AxonMessagingConfiguration {

    /** Replaces Axon's MessageOriginProvider, whose "correlationId" would overwrite the HTTP one. */
    @Bean
    CorrelationDataProvider requestContextCorrelation() {
        return new SimpleCorrelationDataProvider(MetadataKeys.CORRELATION_ID, MetadataKeys.TRACE_ID,
                MetadataKeys.TRACEPARENT, MetadataKeys.USER_ID, MetadataKeys.ORGANIZATION_ID);
    }

    /** Failures pass unchanged unless the service declares a {@link CommandFailureTranslator}. */
    @Bean
    ContextualCommandGateway contextualCommandGateway(CommandGateway commandGateway,
                                                      ObjectProvider<CommandFailureTranslator> translator) {
        return new ContextualCommandGateway(commandGateway,
                translator.getIfAvailable(() -> (failure, organizationId) -> failure));
    }

    @Autowired
    void retryFailedHandlers(EventProcessingConfigurer processing) {
        processing.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }
}
