package dev.taskflow.support.operations;

import dev.taskflow.support.deadletter.DeadLetteringProcessors;
import dev.taskflow.support.observability.ConsumerLagMonitor;
import java.time.Clock;
import org.axonframework.config.Configuration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

/** The operator API of the event processors, in every service that has Axon processors. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class ProcessorOperationsConfiguration {

    @Bean
    ProcessorOperations processorOperations(ObjectProvider<Configuration> axon,
                                            ObjectProvider<DeadLetteringProcessors> consumers,
                                            ObjectProvider<ConsumerLagMonitor> lag,
                                            @Value("${taskflow.operations.replays-enabled:false}") boolean replays) {
        return new ProcessorOperations(axon, consumers, lag, Clock.systemUTC(), replays);
    }

    @Bean
    ProcessorController processorController(ProcessorOperations operations) {
        return new ProcessorController(operations);
    }
}
