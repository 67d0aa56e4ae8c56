package dev.taskflow.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.identity.IdentityIntegrationTest;
import dev.taskflow.identity.MutableClock;
import dev.taskflow.identity.signin.app.SignInThrottle;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * The default policy through HTTP: 5 failures in a row lock a username, 20 an address, for 1 minute
 * doubling up to 15; the clock is moved instead of waited for. Every test has its own usernames and
 * its own client address (the rightmost X-Forwarded-For entry, as the gateway appends it).
 */
// BCrypt at its cheapest: this class makes hundreds of password checks, and the policy is not about their cost
@TestPropertySource(properties = "taskflow.identity.password.bcrypt-strength=4")
@Import(SignInThrottleIT.Clocks.class)
class SignInThrottleIT extends IdentityIntegrationTest {

    private static final String WRONG = "not the password";

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock testClock() {
            // finer than PostgreSQL's microseconds, and rounded up there: a lock end stored from it would come back
            // later than computed (Retry-After 61 for a 60 s lock), unless the throttle works in microseconds
            return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MICROS).plusNanos(900));
        }
    }

    @Autowired
    MutableClock clock;

    @Autowired
    MeterRegistry meters;

    @Autowired
    SignInThrottle throttle;

    String address;

    @BeforeEach
    void ownAddress() {
        address = String.format("2001:db8::%x:%x", ThreadLocalRandom.current().nextInt(0x10000),
                ThreadLocalRandom.current().nextInt(0x10000));
    }

    @Test
    void fiveWrongPasswordsLockTheUsernameEvenForTheRightPassword() {
        String username = registered();
        double lockoutsBefore = lockouts("user");
        for (int i = 0; i < 5; i++) {
            assertProblem(signIn(username, WRONG, address), HttpStatus.UNAUTHORIZED);
        }

        ResponseEntity<JsonNode> locked = signIn(username, PASSWORD, address);

        assertLocked(locked, 60);
        assertThat(lockouts("user")).isEqualTo(lockoutsBefore + 1);
        // in any letter case: the count is per lower-cased username, as sign-in matches it
        assertLocked(signIn(username.toUpperCase(), PASSWORD, address), 60);
    }

    @Test
    void anUnknownUsernameIsLockedTheSameWayWithTheSameAnswers() {
        String existing = registered();
        String unknown = newUsername();

        for (int i = 0; i < 6; i++) {
            ResponseEntity<JsonNode> forExisting = signIn(existing, WRONG, address);
            ResponseEntity<JsonNode> forUnknown = signIn(unknown, WRONG, address);

            assertThat(forUnknown.getStatusCode()).as("attempt %d", i + 1).isEqualTo(forExisting.getStatusCode());
            assertThat(forUnknown.getHeaders().get(HttpHeaders.RETRY_AFTER))
                    .isEqualTo(forExisting.getHeaders().get(HttpHeaders.RETRY_AFTER));
            assertThat(forUnknown.getBody().get("title")).isEqualTo(forExisting.getBody().get("title"));
            assertThat(forUnknown.getBody().get("detail")).isEqualTo(forExisting.getBody().get("detail"));
        }
        assertLocked(signIn(unknown, PASSWORD, address), 60);
    }

    @Test
    void anotherUserFromTheSameAddressStillSignsIn() {
        String locked = registered();
        String other = registered();
        for (int i = 0; i < 5; i++) {
            signIn(locked, WRONG, address);
        }
        assertLocked(signIn(locked, PASSWORD, address), 60);

        assertThat(signIn(other, PASSWORD, address).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void twentyFailuresFromOneAddressLockItWhateverTheUsernames() {
        double lockoutsBefore = lockouts("address");
        for (int i = 0; i < 20; i++) {
            assertProblem(signIn(newUsername(), WRONG, address), HttpStatus.UNAUTHORIZED);
        }
        String username = registered();

        assertLocked(signIn(username, PASSWORD, address), 60);
        assertThat(lockouts("address")).isEqualTo(lockoutsBefore + 1);
        // the username itself is not locked: from elsewhere it signs in
        assertThat(signIn(username, PASSWORD, "192.0.2.200").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void onlyTheRightmostForwardedEntryCounts() {
        // the client controls everything left of the gateway's entry; varying it changes nothing
        for (int i = 0; i < 20; i++) {
            HttpHeaders headers = new HttpHeaders();
            headers.add("X-Forwarded-For", "198.51.100." + i + ", " + address);
            post("/auth/token", write(Map.of("username", newUsername(), "password", WRONG)), headers);
        }

        assertLocked(signIn(registered(), PASSWORD, address), 60);
    }

    @Test
    void aSuccessResetsTheUsernamesCount() {
        String username = registered();
        for (int i = 0; i < 4; i++) {
            signIn(username, WRONG, address);
        }
        assertThat(signIn(username, PASSWORD, address).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(failures("user", username)).isNull();

        for (int i = 0; i < 4; i++) {
            assertProblem(signIn(username, WRONG, address), HttpStatus.UNAUTHORIZED);
        }
        assertThat(signIn(username, PASSWORD, address).getStatusCode()).isEqualTo(HttpStatus.OK);
        // the address keeps its record of the eight wrong guesses; the two successes are not among them
        assertThat(failures("address", address)).isEqualTo(8);
    }

    @Test
    void afterTheBackOffSignInWorksAgain() {
        String username = registered();
        for (int i = 0; i < 5; i++) {
            signIn(username, WRONG, address);
        }
        assertLocked(signIn(username, PASSWORD, address), 60);

        clock.advance(Duration.ofSeconds(59));
        assertLocked(signIn(username, PASSWORD, address), 1);
        clock.advance(Duration.ofSeconds(1));

        assertThat(signIn(username, PASSWORD, address).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void eachFurtherFailureDoublesTheLockUpToFifteenMinutes() {
        String username = registered();
        for (int i = 0; i < 4; i++) {
            signIn(username, WRONG, address);
        }
        for (long lock : new long[] {60, 120, 240, 480, 900, 900}) {
            assertProblem(signIn(username, WRONG, address), HttpStatus.UNAUTHORIZED);
            assertLocked(signIn(username, PASSWORD, address), lock);
            // guesses during the lock are not checked and do not count
            assertLocked(signIn(username, WRONG, address), lock);
            clock.advance(Duration.ofSeconds(lock));
        }
        assertThat(failures("user", username)).isEqualTo(10);
    }

    @Test
    void aQuietFailureWindowStartsTheCountAfresh() {
        String username = registered();
        for (int i = 0; i < 4; i++) {
            signIn(username, WRONG, address);
        }
        clock.advance(Duration.ofMinutes(15));
        for (int i = 0; i < 4; i++) {
            assertProblem(signIn(username, WRONG, address), HttpStatus.UNAUTHORIZED);
        }

        assertThat(signIn(username, PASSWORD, address).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void parallelWrongAttemptsAreAllCounted() throws Exception {
        List<ResponseEntity<JsonNode>> answers = inParallel(12, i -> signIn(newUsername(), WRONG, address));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED));
        assertThat(failures("address", address)).isEqualTo(12);
    }

    @Test
    void parallelGuessesAtOneUsernameGetNoMoreThanFivePasswordChecks() throws Exception {
        String username = registered();

        List<ResponseEntity<JsonNode>> answers = inParallel(12, i -> signIn(username, WRONG, address));

        assertThat(answers).filteredOn(answer -> answer.getStatusCode() == HttpStatus.UNAUTHORIZED).hasSize(5);
        assertThat(answers).filteredOn(answer -> answer.getStatusCode() == HttpStatus.TOO_MANY_REQUESTS).hasSize(7);
        assertThat(failures("user", username)).isEqualTo(5);
        // refused attempts were no guesses, so the address is charged for the five checked ones only
        assertThat(failures("address", address)).isEqualTo(5);
    }

    @Test
    void expiredRunsArePurged() {
        String username = newUsername();
        signIn(username, WRONG, address);
        clock.advance(Duration.ofMinutes(15));

        throttle.purgeExpired();

        assertThat(failures("user", username)).isNull();
        assertThat(failures("address", address)).isNull();
    }

    private String registered() {
        String username = newUsername();
        signUp(username, PASSWORD, "Guessed At");
        return username;
    }

    private ResponseEntity<JsonNode> signIn(String username, String password, String clientAddress) {
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Forwarded-For", clientAddress);
        return post("/auth/token", write(Map.of("username", username, "password", password)), headers);
    }

    private static void assertLocked(ResponseEntity<JsonNode> response, long retryAfterSeconds) {
        assertProblem(response, HttpStatus.TOO_MANY_REQUESTS);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo(Long.toString(retryAfterSeconds));
        assertThat(response.getBody().get("detail").asText()).contains(retryAfterSeconds + " seconds");
        assertThat(response.getBody().has("accessToken")).isFalse();
    }

    private Integer failures(String scope, String subject) {
        return jdbc.sql("select failures from sign_in_failures where scope = ? and subject = ?")
                .params(scope, subject.toLowerCase()).query(Integer.class).optional().orElse(null);
    }

    private double lockouts(String scope) {
        var counter = meters.find("identity.sign-in.locked").tag("scope", scope).counter();
        return counter == null ? 0 : counter.count();
    }

    private interface Attempt {
        ResponseEntity<JsonNode> make(int index);
    }

    /** All attempts released at once, from as many threads. */
    private static List<ResponseEntity<JsonNode>> inParallel(int count, Attempt attempt) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ResponseEntity<JsonNode>>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<ResponseEntity<JsonNode>> task = () -> {
                    start.await();
                    return attempt.make(index);
                };
                futures.add(threads.submit(task));
            }
            start.countDown();
            List<ResponseEntity<JsonNode>> answers = new ArrayList<>();
            for (Future<ResponseEntity<JsonNode>> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}
