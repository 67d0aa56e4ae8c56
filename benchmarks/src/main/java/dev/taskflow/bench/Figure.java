package dev.taskflow.bench;

/**
 * One line of the summary table.
 *
 * @param met {@code null} when there is no target or the figure could not be measured
 */
record Figure(String id, String name, String value, String target, Boolean met) {

    static Figure skipped(String id, String name, String target, String why) {
        return new Figure(id, name, "skipped: " + why, target, null);
    }

    String verdict() {
        return met == null ? "—" : met ? "met" : "NOT met";
    }
}
