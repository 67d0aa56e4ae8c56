package dev.taskflow.audit.trail;

import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.support.deadletter.DeadLetteringProcessors;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * One tracking processor ({@value AuditTrailProjection#GROUP}) over every integration topic. Tracking,
 * not pooled streaming (pooled processors on a Kafka source lost events, see the stack notes).
 * <p>
 * A failing event is retried with back-off ({@code taskflow.consumer.*}), then dead-lettered (Axon's JPA
 * queue and the topic {@code audit.dlq}). Dead-letter sequence: the audited entity within its
 * organization ({@code <organizationId>:<entityType>:<entityId>}, see {@link AuditSubject}), so later
 * events of the same task, project, organization or member wait behind a dead-lettered one and the
 * trail of one entity is always written in order; other entities go on.
 */
@Configuration(proxyBeanMethods = false)
class AuditProcessingConfiguration {

    @Autowired
    void register(EventProcessingConfigurer processing, DeadLetteringProcessors deadLettering) {
        deadLettering.registerTrackingProcessor(processing, AuditTrailProjection.GROUP, Topics.ALL,
                AuditProcessingConfiguration::sequenceOf);
    }

    static String sequenceOf(Object payload) {
        if (payload instanceof OrganizationScoped event) {
            AuditSubject subject = AuditSubject.of(event);
            return event.organizationId() + ":" + subject.entityType() + ":" + subject.entityId();
        }
        return null;
    }
}
