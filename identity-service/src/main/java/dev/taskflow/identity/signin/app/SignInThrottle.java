package dev.taskflow.identity.signin.app;

import dev.taskflow.identity.signin.persistence.CountedFailure;
import dev.taskflow.identity.signin.persistence.FailureLimit;
import dev.taskflow.identity.signin.persistence.SignInFailures;
import dev.taskflow.identity.signin.persistence.SignInScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Locks out password guessing per username and per client address (docs/security.md). A locked sign-in
 * is refused before the password is checked, so guesses made during a lock are worthless, and the lock
 * holds even for the right password. Unknown usernames are counted and locked exactly like existing
 * ones: the answers must not tell which usernames exist.
 */
@Service
public class SignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);
    /** What sign-up accepts; anything else cannot be a username, and might be a password typed in the wrong field. */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,64}");

    private final SignInFailures failures;
    private final Clock clock;
    private final Map<SignInScope, FailureLimit> limits = new EnumMap<>(SignInScope.class);
    private final Map<SignInScope, Counter> lockouts = new EnumMap<>(SignInScope.class);

    SignInThrottle(SignInFailures failures, SignInSettings settings, Clock clock, MeterRegistry meters) {
        this.failures = failures;
        this.clock = clock;
        limits.put(SignInScope.USER, new FailureLimit(settings.maxFailuresPerUser(), settings.failureWindow(),
                settings.firstLock(), settings.maxLock()));
        limits.put(SignInScope.ADDRESS, new FailureLimit(settings.maxFailuresPerAddress(), settings.failureWindow(),
                settings.firstLock(), settings.maxLock()));
        for (SignInScope scope : SignInScope.values()) {
            lockouts.put(scope, Counter.builder("identity.sign-in.locked")
                    .description("Sign-in lockouts started, by what was locked")
                    .tag("scope", scope.value())
                    .register(meters));
        }
    }

    /**
     * Lets a sign-in through to the password check, or refuses it. The attempt is counted as a failure
     * right away and only taken back when it succeeds: counting after the check would let parallel
     * guesses all pass before the first of them locks.
     *
     * @throws SignInLockedException when the username or the address is locked
     */
    public SignInAttempt begin(String username, String clientAddress) {
        Instant now = now();
        String user = username.toLowerCase(Locale.ROOT);
        CountedFailure addressFailure = count(SignInScope.ADDRESS, clientAddress, now);
        CountedFailure userFailure;
        try {
            userFailure = count(SignInScope.USER, user, now);
        } catch (SignInLockedException e) {
            // refused without a password check: not a guess, so the address does not pay for it
            failures.takeBack(SignInScope.ADDRESS, clientAddress, limits.get(SignInScope.ADDRESS));
            throw e;
        }
        return new SignInAttempt(this, user, clientAddress, userFailure, addressFailure);
    }

    void succeeded(String user, String address) {
        failures.forget(SignInScope.USER, user);
        // only the username starts afresh: one good account must not wipe an address's record of guesses
        failures.takeBack(SignInScope.ADDRESS, address, limits.get(SignInScope.ADDRESS));
    }

    void failed(String user, CountedFailure userFailure, String address, CountedFailure addressFailure) {
        reportLock(SignInScope.USER, loggable(user), userFailure);
        reportLock(SignInScope.ADDRESS, address, addressFailure);
    }

    /** Runs that are over are of no use: without the purge, made-up usernames would pile up. */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT10M")
    public void purgeExpired() {
        int purged = failures.purgeExpired(now());
        if (purged > 0) {
            log.debug("Purged {} expired sign-in failure run(s)", purged);
        }
    }

    /**
     * In PostgreSQL's precision: it rounds a timestamp to microseconds, so a lock end computed from a finer
     * instant could come back a fraction later, and Retry-After one second longer than the lock.
     */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private CountedFailure count(SignInScope scope, String subject, Instant now) {
        return failures.count(scope, subject, now, limits.get(scope)).orElseThrow(() -> locked(scope, subject, now));
    }

    private SignInLockedException locked(SignInScope scope, String subject, Instant now) {
        // empty when the lock was lifted in the meantime; the client may simply try again soon
        Duration left = failures.lockedUntil(scope, subject, now).map(until -> Duration.between(now, until))
                .orElse(Duration.ZERO);
        long seconds = Math.max(1, left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0));
        return new SignInLockedException(Duration.ofSeconds(seconds));
    }

    private void reportLock(SignInScope scope, String subject, CountedFailure failure) {
        if (failure.lockedUntil() == null) {
            return;
        }
        lockouts.get(scope).increment();
        log.warn("Sign-in locked for {} {} until {} after {} failed attempt(s) in a row",
                scope.value(), subject, failure.lockedUntil(), failure.failures());
    }

    private static String loggable(String user) {
        return USERNAME.matcher(user).matches() ? "'" + user + "'" : "(not a valid username)";
    }
}
