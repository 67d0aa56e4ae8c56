package dev.taskflow.identity.token.app;

/** A token that must not be trusted; the message says why in terms safe to show the caller. */
public class TokenRejectedException extends RuntimeException {

    public TokenRejectedException(String reason) {
        super(reason);
    }
}
