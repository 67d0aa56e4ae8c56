package dev.taskflow.notification.delivery;

/**
 * What one attempt came to.
 *
 * @param statusCode the receiver's HTTP status (webhooks), or {@code null}
 */
public record Outcome(Kind kind, Integer statusCode, String error) {

    public enum Kind {
        /** Accepted by the SMTP server or answered 2xx by the webhook. */
        DELIVERED,
        /** Failed, may succeed later: retried with back-off until the attempts are used up. */
        RETRY,
        /** Failed for good (an address that can never work): not retried. */
        FAILED,
        /** Nothing to send any more: the user switched email off, the webhook was deleted. */
        CANCELLED,
        /** Whether it arrived cannot be known (the sender was interrupted mid-way): UNCERTAIN, not sent again. */
        UNKNOWN
    }

    public static Outcome delivered(Integer statusCode) {
        return new Outcome(Kind.DELIVERED, statusCode, null);
    }

    public static Outcome retry(Integer statusCode, String error) {
        return new Outcome(Kind.RETRY, statusCode, error);
    }

    public static Outcome failed(String error) {
        return new Outcome(Kind.FAILED, null, error);
    }

    public static Outcome unknown(String why) {
        return new Outcome(Kind.UNKNOWN, null, why);
    }

    public static Outcome cancelled(String why) {
        return new Outcome(Kind.CANCELLED, null, why);
    }
}
