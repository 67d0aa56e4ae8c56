package dev.taskflow.identity.signin.persistence;

/** What failed sign-ins are counted against. */
public enum SignInScope {

    /** A username in lower case, whether or not such a user exists. */
    USER("user"),
    /** The client address the sign-in came from. */
    ADDRESS("address");

    private final String value;

    SignInScope(String value) {
        this.value = value;
    }

    /** As stored in {@code sign_in_failures.scope} and as the metric tag. */
    public String value() {
        return value;
    }
}
