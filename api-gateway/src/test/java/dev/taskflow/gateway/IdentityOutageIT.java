package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Seed §6 "Identity down → request rejected at the edge", with identity really stopped and started
 * again on the same port: tokens that cannot be validated are refused with 503 and never forwarded,
 * identity's breaker opens so a dead identity costs no connection attempt, and the gateway recovers
 * by itself when identity is back.
 */
// generous client timeout: these machines are shared and sometimes heavily loaded
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=api-gateway",
        "taskflow.security.service-credential=" + StubService.SERVICE_CREDENTIAL,
        "taskflow.gateway.auth.cache-ttl=1m",
        "taskflow.gateway.circuit-breaker.sliding-window-size=10",
        "taskflow.gateway.circuit-breaker.minimum-number-of-calls=5",
        "taskflow.gateway.circuit-breaker.failure-rate-threshold=50",
        "taskflow.gateway.circuit-breaker.wait-duration-in-open-state=5s",
        "taskflow.gateway.circuit-breaker.permitted-calls-in-half-open-state=2"})
class IdentityOutageIT {

    static final StubService IDENTITY = new StubService("identity", request -> {
        if (request.path().equals("/auth/token")) {
            return StubService.Answer.json(200, "{\"accessToken\":\"t\"}");
        }
        String token = String.valueOf(request.header(HttpHeaders.AUTHORIZATION)).replaceFirst("^Bearer ", "");
        return token.startsWith("valid.")
                ? StubService.Answer.json(200, "{\"userId\":\"" + token.substring("valid.".length()) + "\"}")
                : new StubService.Answer(401, "application/problem+json", "{\"status\":401}");
    });
    static final StubService COMMAND_SIDE = new StubService("command-side",
            request -> StubService.Answer.json(201, "{\"servedBy\":\"command-side\"}"));

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("taskflow.gateway.services.identity", IDENTITY::uri);
        registry.add("taskflow.gateway.services.command-side", COMMAND_SIDE::uri);
    }

    @AfterAll
    static void stopStubs() {
        IDENTITY.close();
        COMMAND_SIDE.close();
    }

    @Autowired
    WebTestClient client;

    @Autowired
    CircuitBreakerRegistry breakers;

    private static String newCorrelationId() {
        return "test-" + UUID.randomUUID();
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    private WebTestClient.ResponseSpec createTask(String correlationId, String userId) {
        return client.post().uri("/workflow/tasks")
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer valid." + userId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"projectId\":\"p-1\",\"title\":\"t\"}")
                .exchange();
    }

    private static void expectUnavailable(WebTestClient.ResponseSpec response, String correlationId) {
        response.expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, correlationId)
                .expectBody()
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.correlationId").isEqualTo(correlationId);
    }

    @Test
    void identityDownRefusesAtTheEdgeForwardsNothingAndRecoversWhenIdentityIsBack() {
        CircuitBreaker breaker = breakers.circuitBreaker(GatewayRoutes.IDENTITY);
        String knownUser = newUser();
        createTask(newCorrelationId(), knownUser).expectStatus().isCreated();

        IDENTITY.stop();

        // a validation cached before the outage still passes (documented trade-off, GATEWAY_AUTH_CACHE_TTL)
        String cached = newCorrelationId();
        createTask(cached, knownUser).expectStatus().isCreated();
        assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, cached)).hasSize(1);

        // tokens identity has not vouched for: refused with 503, nothing reaches the command side
        for (int i = 0; i < 5; i++) {
            String correlationId = newCorrelationId();
            expectUnavailable(createTask(correlationId, newUser()), correlationId);
            assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        // identity is back but the breaker is still open: refused at once, identity not even asked
        IDENTITY.start();
        long notPermittedBefore = breaker.getMetrics().getNumberOfNotPermittedCalls();
        String whileOpen = newCorrelationId();
        WebTestClient.ResponseSpec refused = createTask(whileOpen, newUser());
        refused.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5");
        expectUnavailable(refused, whileOpen);
        String signInWhileOpen = newCorrelationId();
        expectUnavailable(client.post().uri("/auth/token")
                .header(EdgeHeaders.CORRELATION_ID, signInWhileOpen)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"username\":\"ada\",\"password\":\"secret\"}")
                .exchange(), signInWhileOpen);
        assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(notPermittedBefore + 2);
        assertThat(IDENTITY.receivedWithHeader(EdgeHeaders.CORRELATION_ID, whileOpen)).isEmpty();
        assertThat(IDENTITY.receivedWithHeader(EdgeHeaders.CORRELATION_ID, signInWhileOpen)).isEmpty();
        assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, whileOpen)).isEmpty();

        // after the wait, validations reach identity again and the breaker closes by itself
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            String correlationId = newCorrelationId();
            String userId = newUser();
            createTask(correlationId, userId).expectStatus().isCreated();
            assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                    .satisfies(forwarded -> assertThat(forwarded.header(EdgeHeaders.USER_ID)).isEqualTo(userId));
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        });
    }

    @Test
    void refusedTokensDoNotCountAgainstIdentity() {
        CircuitBreaker breaker = breakers.circuitBreaker(GatewayRoutes.IDENTITY);
        // whatever the other test left behind: identity up, breaker closed with an empty window
        IDENTITY.start();
        breaker.reset();

        for (int i = 0; i < 10; i++) {
            String correlationId = newCorrelationId();
            client.get().uri("/workflow/tasks/t-1")
                    .header(EdgeHeaders.CORRELATION_ID, correlationId)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer revoked." + UUID.randomUUID())
                    .exchange()
                    .expectStatus().isUnauthorized();
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(10);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }
}
