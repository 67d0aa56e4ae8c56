package dev.taskflow.identity.user.persistence;

import java.util.UUID;

/** A row of {@code identity.users}. */
public record StoredUser(UUID id, String username, String passwordHash, String displayName) {

    @Override
    public String toString() {
        // the hash stays out of logs: it is what an offline guesser would need
        return "StoredUser[id=" + id + ", username=" + username + "]";
    }
}
