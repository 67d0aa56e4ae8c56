package dev.taskflow.identity.signin.app;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How password guessing at {@code POST /auth/token} is slowed down (docs/security.md).
 *
 * @param maxFailuresPerUser    failures in a row that lock a username, whether or not it exists
 * @param maxFailuresPerAddress failures in a row that lock a client address, whatever the usernames
 * @param failureWindow         a failure this long after the previous one, or after a lock ended, starts
 *                              a new run
 * @param firstLock             the lock at the limit; each further failure doubles it
 * @param maxLock               the longest lock
 */
@Validated
@ConfigurationProperties("taskflow.identity.sign-in")
record SignInSettings(
        @Min(1) @DefaultValue("5") int maxFailuresPerUser,
        @Min(1) @DefaultValue("20") int maxFailuresPerAddress,
        @NotNull @DefaultValue("15m") Duration failureWindow,
        @NotNull @DefaultValue("1m") Duration firstLock,
        @NotNull @DefaultValue("15m") Duration maxLock) {

    SignInSettings {
        // whole seconds: the database counts in seconds and Retry-After speaks in them
        for (Duration duration : new Duration[] {failureWindow, firstLock, maxLock}) {
            if (duration != null && duration.toSeconds() < 1) {
                throw new IllegalArgumentException("taskflow.identity.sign-in durations must be at least 1s, was " + duration);
            }
        }
        if (firstLock != null && maxLock != null && firstLock.compareTo(maxLock) > 0) {
            throw new IllegalArgumentException("taskflow.identity.sign-in.first-lock (" + firstLock
                    + ") must not exceed max-lock (" + maxLock + ")");
        }
    }
}
