package dev.taskflow.support.deadletter;

import dev.taskflow.support.persistence.DatabaseFailures;

/** What kind of failure a handler met, through whatever wrappers. */
final class Failures {

    /** Longest reason kept: the dead_letter_entry.cause_message column is varchar(1023). */
    static final int MAX_REASON = 1023;

    private Failures() {
    }

    /**
     * The consumer's own database cannot be reached. Such a failure is not about the event, and the
     * dead-letter queue lives in that same database.
     */
    static boolean databaseUnavailable(Throwable failure) {
        return DatabaseFailures.isUnavailable(failure);
    }

    static boolean nonRetryable(Throwable failure) {
        return failure instanceof NonRetryable || failure instanceof ConsumerStoppingException;
    }

    /** The failure a handler really met: the last attempt's, not the retry wrapper. */
    static Throwable unwrap(Throwable failure) {
        return failure instanceof RetriesExhaustedException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** {@code <exception class>: <message>}, as logged and published (see {@link #message}). */
    static String reason(Throwable failure) {
        return truncate(failure.getClass().getName() + ": " + message(failure));
    }

    /**
     * The failure's message on one line, with the innermost cause added when it says something else (a
     * driver's error behind Spring's wrapper), at most {@link #MAX_REASON} characters. When that is too
     * long (Spring's JDBC messages quote the whole statement), the innermost cause comes first, so the
     * database's own words survive the cut.
     */
    static String message(Throwable failure) {
        String outer = oneLine(failure.getMessage());
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String inner = root == failure ? null : oneLine(root.getMessage());
        String message = inner == null || outer.contains(inner) ? outer
                : outer + " (caused by " + root.getClass().getName() + ": " + inner + ")";
        if (message.length() > MAX_REASON && inner != null) {
            message = root.getClass().getName() + ": " + inner + " | " + outer;
        }
        return truncate(message);
    }

    private static String oneLine(String text) {
        return text == null ? "null" : text.replaceAll("\\s+", " ").trim();
    }

    static String truncate(String text) {
        return text == null || text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }
}
