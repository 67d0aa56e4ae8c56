package dev.taskflow.identity.user.app;

/** Another account already has this username, compared without regard to case. */
public class UsernameTakenException extends RuntimeException {

    public UsernameTakenException() {
        super("username is already taken");
    }
}
