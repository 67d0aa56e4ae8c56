package dev.taskflow.identity.token.app;

import dev.taskflow.identity.token.OperatorProperties;
import dev.taskflow.identity.user.app.UserAccounts;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The platform roles a user's token carries. The only source is the configured operator list
 * ({@code taskflow.identity.operators}): nothing a user can send at sign-up (username, display name,
 * extra fields) adds a role. Decided when a token is issued, so a change to the list reaches a user
 * with their next token.
 */
@Component
public class PlatformRoles {

    /** The role of the people who run the platform; the gateway opens {@code /admin/**} to it only. */
    public static final String PLATFORM_OPERATOR = "platform-operator";

    private static final Logger log = LoggerFactory.getLogger(PlatformRoles.class);

    /** Lower case: usernames are unique, and matched at sign-in, regardless of letter case. */
    private final Set<String> operators;
    private final UserAccounts accounts;

    PlatformRoles(OperatorProperties properties, UserAccounts accounts) {
        this.accounts = accounts;
        Set<String> names = new LinkedHashSet<>();
        for (String name : properties.operators()) {
            if (name != null && !name.isBlank()) {
                names.add(normalized(name));
            }
        }
        this.operators = Set.copyOf(names);
    }

    /** The roles for the user with this (stored) username; empty for everyone but operators. */
    public List<String> of(String username) {
        return username != null && operators.contains(normalized(username)) ? List.of(PLATFORM_OPERATOR) : List.of();
    }

    /**
     * The list names users, and usernames are first come, first served: a listed name without an
     * account would make whoever registers it an operator. Said once at start-up, best effort.
     */
    @EventListener(ApplicationReadyEvent.class)
    void reportOperators() {
        log.info("{} platform operator(s) configured", operators.size());
        for (String operator : operators) {
            try {
                if (!accounts.isRegistered(operator)) {
                    log.warn("Platform operator '{}' has no account yet: whoever signs up with that username "
                            + "becomes a platform operator. Create the account, or remove the name from "
                            + "IDENTITY_OPERATORS.", operator);
                }
            } catch (RuntimeException e) {
                log.warn("Could not check whether platform operator '{}' has an account: {}", operator, e.toString());
            }
        }
    }

    private static String normalized(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }
}
