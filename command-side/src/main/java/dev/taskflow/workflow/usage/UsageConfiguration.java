package dev.taskflow.workflow.usage;

import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class UsageConfiguration {

    @Autowired
    void subscribe(EventProcessingConfigurer processing) {
        processing.registerSubscribingEventProcessor(UsageProjection.GROUP);
    }
}
