package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The rate limits with small buckets and a clock the test moves by hand, so no bucket refills behind a
 * test's back however slow the machine. Every test starts after a quiet minute (all buckets full) and uses
 * its own users and organizations. The command side's stand-in answers 403 (not a member) to users named
 * {@code outsider-…}.
 */
// generous client timeout: these machines are shared and sometimes heavily loaded
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=api-gateway",
        "taskflow.security.service-credential=" + StubService.SERVICE_CREDENTIAL,
        "taskflow.gateway.auth.identity-timeout=10s",
        "taskflow.gateway.rate-limit.per-user.capacity=5",
        "taskflow.gateway.rate-limit.per-user.refill-per-second=1",
        "taskflow.gateway.rate-limit.per-organization.capacity=3",
        "taskflow.gateway.rate-limit.per-organization.refill-per-second=1",
        "taskflow.gateway.rate-limit.per-address.capacity=2",
        "taskflow.gateway.rate-limit.per-address.refill-per-second=1"})
class RateLimitIT {

    private static final AtomicLong NOW = new AtomicLong();

    @TestConfiguration
    static class HandMovedClock {

        @Bean
        RateLimitClock handMovedClock() {
            return NOW::get;
        }
    }

    static final StubService IDENTITY = new StubService("identity", request -> {
        if (!request.path().equals("/auth/validate")) {
            return StubService.Answer.json(200, "{\"accessToken\":\"issued\"}");
        }
        String token = String.valueOf(request.header(HttpHeaders.AUTHORIZATION)).replaceFirst("^Bearer ", "");
        String user = token.substring(token.indexOf('.') + 1);
        String roles = token.startsWith("operator.") ? ",\"roles\":[\"platform-operator\"]" : "";
        return StubService.Answer.json(200, "{\"userId\":\"" + user + "\",\"claims\":{\"exp\":"
                + Instant.now().plusSeconds(3600).getEpochSecond() + roles + "}}");
    });
    static final StubService COMMAND_SIDE = new StubService("command-side", request ->
            String.valueOf(request.header(EdgeHeaders.USER_ID)).startsWith("outsider-")
                    ? new StubService.Answer(403, "application/problem+json", "{\"status\":403,\"detail\":\"Not a member\"}")
                    : StubService.Answer.json(201, "{\"servedBy\":\"command-side\"}"));
    static final StubService QUERY_SIDE = new StubService("query-side",
            request -> StubService.Answer.json(200, "{\"servedBy\":\"query-side\"}"));

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("taskflow.gateway.services.identity", IDENTITY::uri);
        registry.add("taskflow.gateway.services.command-side", COMMAND_SIDE::uri);
        registry.add("taskflow.gateway.services.query-side", QUERY_SIDE::uri);
        for (String unused : new String[] {"organization", "billing", "audit", "analytics", "notification"}) {
            registry.add("taskflow.gateway.services." + unused, StubService::deadAddress);
        }
    }

    @AfterAll
    static void stopStubs() {
        IDENTITY.close();
        COMMAND_SIDE.close();
        QUERY_SIDE.close();
    }

    @Autowired
    WebTestClient client;

    @Autowired
    RateLimitFilter limits;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void aQuietMinute() {
        advance(Duration.ofMinutes(1));
    }

    private static void advance(Duration duration) {
        NOW.addAndGet(duration.toNanos());
    }

    private static String newCorrelationId() {
        return "test-" + UUID.randomUUID();
    }

    private double rejections(String limit) {
        return meters.get(RateLimitFilter.REJECTIONS).tag("limit", limit).counter().count();
    }

    private WebTestClient.ResponseSpec createTask(String correlationId, String userId, String organizationId) {
        WebTestClient.RequestBodySpec request = client.post().uri("/workflow/tasks")
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer valid." + userId)
                .contentType(MediaType.APPLICATION_JSON);
        if (organizationId != null) {
            request = request.header(EdgeHeaders.ORGANIZATION_ID, organizationId);
        }
        return request.bodyValue("{\"title\":\"t\"}").exchange();
    }

    private static void expectTooManyRequests(WebTestClient.ResponseSpec response, String limit, String correlationId) {
        response.expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, correlationId)
                .expectBody()
                .jsonPath("$.status").isEqualTo(429)
                .jsonPath("$.title").isEqualTo("Too many requests")
                .jsonPath("$.limit").isEqualTo(limit)
                .jsonPath("$.detail").value(Matchers.containsString("Rate limit " + limit + " exceeded"))
                .jsonPath("$.correlationId").isEqualTo(correlationId);
    }

    @Test
    void aUserOverItsLimitGetsA429WithRetryAfterAndNothingIsForwarded() {
        String user = "user-" + UUID.randomUUID();
        double before = rejections(RateLimitFilter.PER_USER);
        for (int i = 0; i < 5; i++) {
            createTask(newCorrelationId(), user, null).expectStatus().isCreated();
        }

        String refused = newCorrelationId();
        expectTooManyRequests(createTask(refused, user, null), RateLimitFilter.PER_USER, refused);

        assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, refused)).isEmpty();
        assertThat(rejections(RateLimitFilter.PER_USER)).isEqualTo(before + 1);
        // another user is not affected
        createTask(newCorrelationId(), "user-" + UUID.randomUUID(), null).expectStatus().isCreated();
        // Retry-After said one second: then there is a token again
        advance(Duration.ofSeconds(1));
        createTask(newCorrelationId(), user, null).expectStatus().isCreated();
    }

    @Test
    void oneOrganizationsBurstDoesNotThrottleAnother() {
        String busy = "org-" + UUID.randomUUID();
        String other = "org-" + UUID.randomUUID();
        String first = "user-" + UUID.randomUUID();
        String second = "user-" + UUID.randomUUID();
        double before = rejections(RateLimitFilter.PER_ORGANIZATION);
        for (int i = 0; i < 3; i++) {
            createTask(newCorrelationId(), first, busy).expectStatus().isCreated();
        }

        // the organization's budget is used up, whoever asks: the second user has all of its own left
        String refused = newCorrelationId();
        expectTooManyRequests(createTask(refused, second, busy), RateLimitFilter.PER_ORGANIZATION, refused);
        assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, refused)).isEmpty();
        assertThat(rejections(RateLimitFilter.PER_ORGANIZATION)).isEqualTo(before + 1);
        // a request the organization's limit refused does not count against the user
        assertThat(limits.perUser().available(second)).isEqualTo(5);

        // the other organization's requests pass, from either user
        createTask(newCorrelationId(), second, other).expectStatus().isCreated();
        createTask(newCorrelationId(), first, other).expectStatus().isCreated();
        assertThat(limits.perOrganization().available(other)).isEqualTo(1);
    }

    @Test
    void aNonMemberCannotDrainAnOrganizationsBudget() {
        String victim = "org-" + UUID.randomUUID();
        String outsider = "outsider-" + UUID.randomUUID();

        // more requests than the organization's capacity (3), all refused by the service: each gives its token back
        for (int i = 0; i < 5; i++) {
            String correlationId = newCorrelationId();
            createTask(correlationId, outsider, victim).expectStatus().isForbidden()
                    .expectBody().jsonPath("$.detail").isEqualTo("Not a member");
            assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).hasSize(1);
        }
        assertThat(limits.perOrganization().available(victim)).isEqualTo(3);

        // the members' budget is whole; the outsider is still held by its own limit (5 taken)
        String member = "user-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            createTask(newCorrelationId(), member, victim).expectStatus().isCreated();
        }
        String refused = newCorrelationId();
        expectTooManyRequests(createTask(refused, outsider, "org-" + UUID.randomUUID()), RateLimitFilter.PER_USER, refused);
    }

    @Test
    void publicRoutesAreLimitedPerClientAddress() {
        double before = rejections(RateLimitFilter.PER_ADDRESS);
        for (int i = 0; i < 2; i++) {
            logIn(newCorrelationId()).expectStatus().isOk();
        }

        String refused = newCorrelationId();
        WebTestClient.ResponseSpec response = logIn(refused);

        expectTooManyRequests(response, RateLimitFilter.PER_ADDRESS, refused);
        assertThat(IDENTITY.receivedWithHeader(EdgeHeaders.CORRELATION_ID, refused)).isEmpty();
        assertThat(rejections(RateLimitFilter.PER_ADDRESS)).isEqualTo(before + 1);
        // authenticated routes go by user and organization, not by address
        createTask(newCorrelationId(), "user-" + UUID.randomUUID(), null).expectStatus().isCreated();
        advance(Duration.ofSeconds(1));
        logIn(newCorrelationId()).expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec logIn(String correlationId) {
        return client.post().uri("/auth/token")
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"username\":\"ada\",\"password\":\"secret-secret\"}")
                .exchange();
    }

    @Test
    void operatorRoutesCountAgainstTheOperatorOnly() {
        String busy = "org-" + UUID.randomUUID();
        String user = "user-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            createTask(newCorrelationId(), user, busy).expectStatus().isCreated();
        }
        String operator = "op-" + UUID.randomUUID();

        // not tenant traffic: the organization header of an operator's request does not count
        for (int i = 0; i < 5; i++) {
            String correlationId = newCorrelationId();
            client.get().uri("/admin/dlq/query")
                    .header(EdgeHeaders.CORRELATION_ID, correlationId)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer operator." + operator)
                    .header(EdgeHeaders.ORGANIZATION_ID, busy)
                    .exchange()
                    .expectStatus().isOk();
            assertThat(QUERY_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).hasSize(1);
        }
        // but the operator's own limit does
        String refused = newCorrelationId();
        expectTooManyRequests(client.get().uri("/admin/dlq/query")
                .header(EdgeHeaders.CORRELATION_ID, refused)
                .header(HttpHeaders.AUTHORIZATION, "Bearer operator." + operator)
                .exchange(), RateLimitFilter.PER_USER, refused);
    }
}
