package dev.taskflow.identity.user.app;

import dev.taskflow.identity.user.persistence.StoredUser;
import dev.taskflow.identity.user.persistence.UserRepository;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Registers users and checks their passwords. */
@Service
public class UserAccounts {

    private static final Logger log = LoggerFactory.getLogger(UserAccounts.class);

    private final UserRepository users;
    private final PasswordHasher hasher;

    UserAccounts(UserRepository users, PasswordHasher hasher) {
        this.users = users;
        this.hasher = hasher;
    }

    /** @throws UsernameTakenException when the name is taken in any letter case */
    public UUID register(String username, ClearPassword password, String displayName) {
        UUID id = UUID.randomUUID();
        if (!users.insert(new StoredUser(id, username, hasher.hash(password), displayName))) {
            throw new UsernameTakenException();
        }
        log.info("Registered user {}", id);
        return id;
    }

    /** Whether a user with this username (any letter case) exists. */
    public boolean isRegistered(String username) {
        return users.findByUsername(username).isPresent();
    }

    /** The account whose username (any case) and password match, or empty; both misses look alike. */
    public Optional<UserAccount> authenticate(String username, ClearPassword password) {
        Optional<StoredUser> user = users.findByUsername(username);
        if (user.isEmpty()) {
            hasher.matchDecoy(password);
            return Optional.empty();
        }
        StoredUser stored = user.get();
        if (!hasher.matches(password, stored.passwordHash())) {
            return Optional.empty();
        }
        return Optional.of(new UserAccount(stored.id(), stored.username(), stored.displayName()));
    }
}
