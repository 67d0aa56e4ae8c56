package dev.taskflow.identity.user.app;

import java.util.UUID;

/** A registered user as the rest of the service sees it: no password hash. */
public record UserAccount(UUID id, String username, String displayName) {
}
