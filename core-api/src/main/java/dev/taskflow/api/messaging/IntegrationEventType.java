package dev.taskflow.api.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskflow.api.OrganizationScoped;
import dev.taskflow.api.billing.EntitlementsUpdatedEvent;
import dev.taskflow.api.messaging.EventEvolution.Upcast;
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
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.serialization.Revision;

/**
 * The events that cross Kafka: their envelope name, topic and Java type. The envelope version is
 * derived from the type's {@link Revision}, so the two can never disagree.
 * <p>
 * Versions of one eventType differ only additively (decision 0008), so every version is readable:
 * an older one after its {@link Upcast}s (the data gains the later fields' defaults), a newer one by
 * ignoring the fields this build does not know yet.
 */
public enum IntegrationEventType {
    PROJECT_CREATED("ProjectCreated", Topics.WORKFLOW_PROJECT_CREATED, ProjectCreatedEvent.class),
    TASK_CREATED("TaskCreated", Topics.WORKFLOW_TASK_CREATED, TaskCreatedEvent.class,
            new Upcast("v1", EventEvolution::taskCreatedV1ToV2)),
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

    private static final Pattern VERSION = Pattern.compile("v([1-9][0-9]{0,8})");

    private final String eventType;
    private final String topic;
    private final Class<? extends OrganizationScoped> payloadType;
    private final List<Upcast> upcasts;

    IntegrationEventType(String eventType, String topic, Class<? extends OrganizationScoped> payloadType,
                         Upcast... upcasts) {
        this.eventType = eventType;
        this.topic = topic;
        this.payloadType = payloadType;
        this.upcasts = List.of(upcasts);
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

    /** The versions before the current one that this build upcasts, oldest first (e.g. TaskCreated: v1). */
    public List<String> earlierVersions() {
        return upcasts.stream().map(Upcast::fromVersion).toList();
    }

    /**
     * Turns the {@code data} of an envelope of {@code eventVersion} into data of the current version:
     * the upcasts from that version on are applied in turn (in place). Data of the current or of a newer
     * version is returned as it is; a newer version's extra fields are left for the reader to ignore.
     */
    public ObjectNode upcastData(String eventVersion, ObjectNode data) {
        int from = number(eventVersion);
        for (Upcast upcast : upcasts) {
            if (number(upcast.fromVersion()) >= from) {
                data = upcast.toNextVersion().apply(data);
            }
        }
        return data;
    }

    public static Optional<IntegrationEventType> forPayload(Class<?> type) {
        return Arrays.stream(values()).filter(t -> t.payloadType.equals(type)).findFirst();
    }

    /**
     * The type of envelopes named {@code eventType} in {@code eventVersion}: the current version, an earlier
     * one this build upcasts, or a later one (additive by rule, read with the fields this build knows).
     * Empty for an unknown eventType, or a version that is not {@code v<n>} or older than any this build knows.
     */
    public static Optional<IntegrationEventType> forName(String eventType, String eventVersion) {
        if (eventVersion == null || !VERSION.matcher(eventVersion).matches()) {
            return Optional.empty();
        }
        return Arrays.stream(values())
                .filter(t -> t.eventType.equals(eventType) && t.reads(eventVersion))
                .findFirst();
    }

    private boolean reads(String eventVersion) {
        int version = number(eventVersion);
        return version >= number(eventVersion()) || earlierVersions().contains(eventVersion);
    }

    private static int number(String eventVersion) {
        Matcher matcher = VERSION.matcher(eventVersion);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an event version: " + eventVersion);
        }
        return Integer.parseInt(matcher.group(1));
    }
}
