package dev.taskflow.workflow.admission;

/** The organization's plan does not allow one more of something. */
public class PlanLimitReachedException extends RuntimeException {

    private final String plan;
    private final String resource;
    private final int limit;

    public PlanLimitReachedException(String plan, String resource, int limit) {
        super("Plan " + plan + " allows at most " + limit + " " + resource);
        this.plan = plan;
        this.resource = resource;
        this.limit = limit;
    }

    public String plan() {
        return plan;
    }

    public String resource() {
        return resource;
    }

    public int limit() {
        return limit;
    }
}
