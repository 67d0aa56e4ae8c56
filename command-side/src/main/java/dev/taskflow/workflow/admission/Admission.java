package dev.taskflow.workflow.admission;

/**
 * What the aggregates ask before they create something: is it within the organization's plan, and
 * does the referenced project belong to the organization. Answered from local caches only; the
 * command side never calls billing or organization synchronously.
 */
public interface Admission {

    /** @throws PlanLimitReachedException when the organization already has as many projects as its plan allows */
    void admitProject(String organizationId);

    /**
     * @throws UnknownProjectException   when the project does not exist in this organization
     * @throws PlanLimitReachedException when the organization already has as many tasks as its plan allows
     */
    void admitTask(String organizationId, String projectId);
}
