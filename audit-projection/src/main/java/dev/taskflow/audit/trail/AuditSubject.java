package dev.taskflow.audit.trail;

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

/**
 * What an event is about, for the audit trail: the entity it changed and a one-line summary.
 *
 * @param entityType {@code task}, {@code project}, {@code organization} or {@code member}
 * @param entityId   the task id, project id, organization id, or the member's user id
 */
record AuditSubject(String entityType, String entityId, String summary) {

    static AuditSubject of(OrganizationScoped event) {
        if (event instanceof TaskCreatedEvent e) {
            return new AuditSubject("task", e.taskId(), "Task created");
        }
        if (event instanceof TaskEditedEvent e) {
            return new AuditSubject("task", e.taskId(), "Task edited");
        }
        if (event instanceof TaskAssignedEvent e) {
            return new AuditSubject("task", e.taskId(), "Task assigned to " + e.assigneeId());
        }
        if (event instanceof TaskUnassignedEvent e) {
            return new AuditSubject("task", e.taskId(), "Task unassigned from " + e.previousAssigneeId());
        }
        if (event instanceof TaskCompletedEvent e) {
            return new AuditSubject("task", e.taskId(), "Task completed");
        }
        if (event instanceof TaskReopenedEvent e) {
            return new AuditSubject("task", e.taskId(), "Task reopened");
        }
        if (event instanceof TaskArchivedEvent e) {
            return new AuditSubject("task", e.taskId(), "Task archived");
        }
        if (event instanceof ProjectCreatedEvent e) {
            return new AuditSubject("project", e.projectId(), "Project created");
        }
        if (event instanceof OrganizationCreatedEvent e) {
            return new AuditSubject("organization", e.organizationId(), "Organization created");
        }
        if (event instanceof MemberAddedEvent e) {
            return new AuditSubject("member", e.userId(), "Member added as " + e.role());
        }
        if (event instanceof MemberRemovedEvent e) {
            return new AuditSubject("member", e.userId(), "Member removed");
        }
        if (event instanceof EntitlementsUpdatedEvent e) {
            return new AuditSubject("organization", e.organizationId(), "Entitlements updated to plan " + e.plan());
        }
        // an event type added to core-api later is still recorded, against its organization
        return new AuditSubject("organization", event.organizationId(), event.getClass().getSimpleName());
    }
}
