package dev.taskflow.api.messaging;

import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.billing.EntitlementsUpdatedEvent;
import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.api.organization.MemberRemovedEvent;
import dev.taskflow.api.organization.OrganizationCreatedEvent;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskArchivedEvent;
import dev.taskflow.api.workflow.TaskAssignedEvent;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.api.workflow.TaskEditedEvent;
import dev.taskflow.api.workflow.TaskReopenedEvent;
import dev.taskflow.api.workflow.TaskUnassignedEvent;
import java.util.Arrays;
import java.util.Optional;
import org.axonframework.serialization.Revision;

/**
 * The events that cross Kafka: their envelope name, topic and Java type. The envelope version is
 * derived from the type's {@link Revision}, so the two can never disagree.
 */
public enum IntegrationEventType {
    PROJECT_CREATED("ProjectCreated", Topics.WORKFLOW_PROJECT_CREATED, ProjectCreatedEvent.class),
    TASK_CREATED("TaskCreated", Topics.WORKFLOW_TASK_CREATED, TaskCreatedEvent.class),
    TASK_EDITED("TaskEdited", Topics.WORKFLOW_TASK_EDITED, TaskEditedEvent.class),
    TASK_ASSIGNED("TaskAssigned", Topics.WORKFLOW_TASK_ASSIGNED, TaskAssignedEvent.class),
    TASK_UNASSIGNED("TaskUnassigned", Topics.WORKFLOW_TASK_UNASSIGNED, TaskUnassignedEvent.class),
    TASK_COMPLETED("TaskCompleted", Topics.WORKFLOW_TASK_COMPLETED, TaskCompletedEvent.class),
    TASK_REOPENED("TaskReopened", Topics.WORKFLOW_TASK_REOPENED, TaskReopenedEvent.class),
    TASK_ARCHIVED("TaskArchived", Topics.WORKFLOW_TASK_ARCHIVED, TaskArchivedEvent.class),
    ORGANIZATION_CREATED("OrganizationCreated", Topics.ORGANIZATION_CREATED, OrganizationCreatedEvent.class),
    MEMBER_ADDED("MemberAdded", Topics.ORGANIZATION_MEMBER_ADDED, MemberAddedEvent.class),
    MEMBER_REMOVED("MemberRemoved", Topics.ORGANIZATION_MEMBER_REMOVED, MemberRemovedEvent.class),
    ENTITLEMENTS_UPDATED("EntitlementsUpdated", Topics.BILLING_ENTITLEMENTS_UPDATED, EntitlementsUpdatedEvent.class);

    private final String eventType;
    private final String topic;
    private final Class<? extends OrganizationScoped> payloadType;

    IntegrationEventType(String eventType, String topic, Class<? extends OrganizationScoped> payloadType) {
        this.eventType = eventType;
        this.topic = topic;
        this.payloadType = payloadType;
    }

    public String eventType() {
        return eventType;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends OrganizationScoped> payloadType() {
        return payloadType;
    }

    public String eventVersion() {
        return "v" + payloadType.getAnnotation(Revision.class).value();
    }

    public static Optional<IntegrationEventType> forPayload(Class<?> type) {
        return Arrays.stream(values()).filter(t -> t.payloadType.equals(type)).findFirst();
    }

    public static Optional<IntegrationEventType> forName(String eventType, String eventVersion) {
        return Arrays.stream(values())
                .filter(t -> t.eventType.equals(eventType) && t.eventVersion().equals(eventVersion))
                .findFirst();
    }
}
