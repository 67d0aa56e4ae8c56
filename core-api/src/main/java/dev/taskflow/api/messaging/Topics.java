package dev.taskflow.api.messaging;

import java.util.List;

/** Kafka topic names, {@code <service>.<entity>.<event>}; every record is keyed by organizationId. */
public final class Topics {

    public static final String WORKFLOW_PROJECT_CREATED = "workflow.project.created";
    public static final String WORKFLOW_TASK_CREATED = "workflow.task.created";
    public static final String WORKFLOW_TASK_EDITED = "workflow.task.edited";
    public static final String WORKFLOW_TASK_ASSIGNED = "workflow.task.assigned";
    public static final String WORKFLOW_TASK_UNASSIGNED = "workflow.task.unassigned";
    public static final String WORKFLOW_TASK_COMPLETED = "workflow.task.completed";
    public static final String WORKFLOW_TASK_REOPENED = "workflow.task.reopened";
    public static final String WORKFLOW_TASK_ARCHIVED = "workflow.task.archived";
    public static final String ORGANIZATION_CREATED = "organization.organization.created";
    public static final String ORGANIZATION_MEMBER_ADDED = "organization.member.added";
    public static final String ORGANIZATION_MEMBER_REMOVED = "organization.member.removed";
    public static final String BILLING_ENTITLEMENTS_UPDATED = "billing.entitlements.updated";

    /** Every workflow topic: what the task and project read models follow. */
    public static final List<String> WORKFLOW = List.of(WORKFLOW_PROJECT_CREATED, WORKFLOW_TASK_CREATED,
            WORKFLOW_TASK_EDITED, WORKFLOW_TASK_ASSIGNED, WORKFLOW_TASK_UNASSIGNED, WORKFLOW_TASK_COMPLETED,
            WORKFLOW_TASK_REOPENED, WORKFLOW_TASK_ARCHIVED);
    public static final List<String> MEMBERSHIP = List.of(ORGANIZATION_MEMBER_ADDED, ORGANIZATION_MEMBER_REMOVED);
    public static final List<String> ALL = List.of(
            WORKFLOW_PROJECT_CREATED, WORKFLOW_TASK_CREATED,
            WORKFLOW_TASK_EDITED, WORKFLOW_TASK_ASSIGNED, WORKFLOW_TASK_UNASSIGNED, WORKFLOW_TASK_COMPLETED,
            WORKFLOW_TASK_REOPENED, WORKFLOW_TASK_ARCHIVED,
            ORGANIZATION_CREATED, ORGANIZATION_MEMBER_ADDED, ORGANIZATION_MEMBER_REMOVED,
            BILLING_ENTITLEMENTS_UPDATED);

    private Topics() {
    }

    /** Dead-letter topic of a consuming service, e.g. {@code audit.dlq}. */
    public static String deadLetter(String consumer) {
        return consumer + ".dlq";
    }
}
