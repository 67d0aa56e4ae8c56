package dev.taskflow.api;

/**
 * Billing plans and their limits. A negative limit means unlimited. The command side falls back to
 * {@link #lowest()} while it has not heard of an organization's entitlements.
 */
public enum Plan {
    FREE(3, 25),
    TEAM(50, 10_000),
    ENTERPRISE(-1, -1);

    private final int maxProjects;
    private final int maxTasks;

    Plan(int maxProjects, int maxTasks) {
        this.maxProjects = maxProjects;
        this.maxTasks = maxTasks;
    }

    public int maxProjects() {
        return maxProjects;
    }

    public int maxTasks() {
        return maxTasks;
    }

    public static Plan lowest() {
        return FREE;
    }
}
