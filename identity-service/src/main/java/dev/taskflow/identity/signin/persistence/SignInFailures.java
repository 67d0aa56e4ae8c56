package dev.taskflow.identity.signin.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The table {@code sign_in_failures}. Counting is one upsert per scope, so parallel attempts never lose
 * a count and a lock written by one is seen by the next; the lock arithmetic is in the statement for
 * that reason.
 */
@Repository
public class SignInFailures {

    /** The run length after one more failure: a failure after the run expired starts over. */
    private static final String NEXT = "(case when f.expires_at <= :now then 1 else f.failures + 1 end)";

    private static final String COUNT = """
            insert into sign_in_failures as f (scope, subject, failures, locked_until, expires_at)
            values (:scope, :subject, 1, %s, %s)
            on conflict (scope, subject) do update
            set failures = %s, locked_until = %s, expires_at = %s
            where f.locked_until is null or f.locked_until <= :now
            returning failures, locked_until""".formatted(
            lockAfter("1"), expiryAfter(lockAfter("1")), NEXT, lockAfter(NEXT), expiryAfter(lockAfter(NEXT)));

    private final JdbcClient jdbc;

    SignInFailures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Counts one failure unless the subject is locked at {@code now}.
     *
     * @return the counted failure; empty when locked (nothing was counted)
     */
    public Optional<CountedFailure> count(SignInScope scope, String subject, Instant now, FailureLimit limit) {
        return jdbc.sql(COUNT)
                .param("scope", scope.value())
                .param("subject", subject)
                .param("now", utc(now))
                .param("maxFailures", limit.maxFailures())
                .param("firstLock", limit.firstLock().toSeconds())
                .param("maxLock", limit.maxLock().toSeconds())
                .param("window", limit.window().toSeconds())
                .query((rs, row) -> new CountedFailure(rs.getInt("failures"),
                        instant(rs.getObject("locked_until", OffsetDateTime.class))))
                .optional();
    }

    /** Until when the subject is locked, if it is at {@code now}. */
    public Optional<Instant> lockedUntil(SignInScope scope, String subject, Instant now) {
        return jdbc.sql("""
                        select locked_until from sign_in_failures
                        where scope = :scope and subject = :subject and locked_until > :now""")
                .param("scope", scope.value())
                .param("subject", subject)
                .param("now", utc(now))
                .query((rs, row) -> instant(rs.getObject("locked_until", OffsetDateTime.class)))
                .optional();
    }

    /**
     * Uncounts one failure that turned out not to be one, and lifts the lock if the run is then below
     * the limit again.
     */
    public void takeBack(SignInScope scope, String subject, FailureLimit limit) {
        jdbc.sql("""
                        update sign_in_failures
                        set failures = failures - 1,
                            locked_until = case when failures - 1 >= :maxFailures then locked_until end
                        where scope = :scope and subject = :subject and failures > 0""")
                .param("scope", scope.value())
                .param("subject", subject)
                .param("maxFailures", limit.maxFailures())
                .update();
    }

    /** Ends the subject's run, and any lock with it. */
    public void forget(SignInScope scope, String subject) {
        jdbc.sql("delete from sign_in_failures where scope = :scope and subject = :subject")
                .param("scope", scope.value())
                .param("subject", subject)
                .update();
    }

    /** Deletes the runs that are over; a later failure would start a new one anyway. */
    public int purgeExpired(Instant now) {
        return jdbc.sql("delete from sign_in_failures where expires_at <= :now").param("now", utc(now)).update();
    }

    /** The lock for a run of {@code failures}: none below the limit, then first lock doubling up to max. */
    private static String lockAfter(String failures) {
        return "(case when " + failures + " >= :maxFailures then cast(:now as timestamptz) + least(:firstLock * "
                + "power(2, least(" + failures + " - :maxFailures, 30)), :maxLock) * interval '1 second' end)";
    }

    /** A run expires the window after its last failure or, when locked, after the lock ends. */
    private static String expiryAfter(String lock) {
        return "(greatest(cast(:now as timestamptz), coalesce(" + lock + ", cast(:now as timestamptz)))"
                + " + :window * interval '1 second')";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
