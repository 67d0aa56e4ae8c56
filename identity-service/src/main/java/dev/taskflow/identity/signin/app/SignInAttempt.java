package dev.taskflow.identity.signin.app;

import dev.taskflow.identity.signin.persistence.CountedFailure;

/**
 * A sign-in let through to the password check. It already counts as a failure (see
 * {@link SignInThrottle#begin}); report how it ended.
 */
public final class SignInAttempt {

    private final SignInThrottle throttle;
    private final String username;
    private final String address;
    private final CountedFailure userFailure;
    private final CountedFailure addressFailure;

    SignInAttempt(SignInThrottle throttle, String username, String address, CountedFailure userFailure,
                  CountedFailure addressFailure) {
        this.throttle = throttle;
        this.username = username;
        this.address = address;
        this.userFailure = userFailure;
        this.addressFailure = addressFailure;
    }

    /** The password matched: the username's run ends, and the address gets this attempt back. */
    public void succeeded() {
        throttle.succeeded(username, address);
    }

    /** The password did not match: the failure stands, and any lock it started is reported. */
    public void failed() {
        throttle.failed(username, userFailure, address, addressFailure);
    }

    @Override
    public String toString() {
        return "SignInAttempt[username=" + username + ", address=" + address + "]";
    }
}
