package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.UUID;
import org.hamcrest.Matchers;
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
 * Seed §5.6 with real outages: the stand-in services are really stopped (their port refuses
 * connections) and started again on the same port. Each test works on its own service, so the
 * breakers do not influence each other.
 */
// generous client timeout: these machines are shared and sometimes heavily loaded
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=api-gateway",
        "taskflow.security.service-credential=" + StubService.SERVICE_CREDENTIAL,
        "taskflow.gateway.circuit-breaker.sliding-window-size=10",
        "taskflow.gateway.circuit-breaker.minimum-number-of-calls=5",
        "taskflow.gateway.circuit-breaker.failure-rate-threshold=50",
        // long enough to look at the open breaker after restarting the service, short for the test
        "taskflow.gateway.circuit-breaker.wait-duration-in-open-state=5s",
        "taskflow.gateway.circuit-breaker.permitted-calls-in-half-open-state=2",
        "taskflow.gateway.circuit-breaker.failure-statuses=502,503,504",
        "taskflow.gateway.downstream-health.cache-ttl=100ms"})
class CircuitBreakerIT {

    private static final String UP = "{\"status\":\"UP\"}";

    static final StubService IDENTITY = new StubService("identity", request -> {
        String token = String.valueOf(request.header(HttpHeaders.AUTHORIZATION)).replaceFirst("^Bearer ", "");
        return token.startsWith("valid.")
                ? StubService.Answer.json(200, "{\"userId\":\"" + token.substring("valid.".length()) + "\"}")
                : new StubService.Answer(401, "application/problem+json", "{\"status\":401}");
    });
    static final StubService COMMAND_SIDE = new StubService("command-side", request ->
            request.path().equals("/actuator/health")
                    ? StubService.Answer.json(200, UP)
                    : StubService.Answer.json(201, "{\"servedBy\":\"command-side\"}"));
    /** Answers the status named in the path: /organizations/status/404 is a 404. */
    static final StubService ORGANIZATION = new StubService("organization", request ->
            request.path().startsWith("/organizations/status/")
                    ? problem(request, Integer.parseInt(request.path().substring("/organizations/status/".length())),
                            "from organization")
                    : StubService.Answer.json(200, UP));
    /** Up, but its database is not: every request is the service's own 503 problem. */
    static final StubService BILLING = new StubService("billing",
            request -> problem(request, 503, "The service's database is unavailable"));

    /** A problem as service-support writes it, with the correlation id it was given. */
    private static StubService.Answer problem(StubService.Recorded request, int status, String detail) {
        return new StubService.Answer(status, "application/problem+json", "{\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"correlationId\":\"" + request.header(EdgeHeaders.CORRELATION_ID) + "\"}");
    }

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("taskflow.gateway.services.identity", IDENTITY::uri);
        registry.add("taskflow.gateway.services.command-side", COMMAND_SIDE::uri);
        registry.add("taskflow.gateway.services.organization", ORGANIZATION::uri);
        registry.add("taskflow.gateway.services.billing", BILLING::uri);
        registry.add("taskflow.gateway.services.audit", StubService::deadAddress);
        // not used here; dead rather than the defaults, where something else might listen
        registry.add("taskflow.gateway.services.query-side", StubService::deadAddress);
        registry.add("taskflow.gateway.services.analytics", StubService::deadAddress);
    }

    @AfterAll
    static void stopStubs() {
        IDENTITY.close();
        COMMAND_SIDE.close();
        ORGANIZATION.close();
        BILLING.close();
    }

    @Autowired
    WebTestClient client;

    @Autowired
    CircuitBreakerRegistry breakers;

    private static String newCorrelationId() {
        return "test-" + UUID.randomUUID();
    }

    private static String bearer() {
        return "Bearer valid.user-" + UUID.randomUUID();
    }

    private WebTestClient.ResponseSpec createTask(String correlationId, String authorization) {
        return client.post().uri("/workflow/tasks")
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"projectId\":\"p-1\",\"title\":\"Survive an outage\"}")
                .exchange();
    }

    private WebTestClient.ResponseSpec get(String path, String correlationId) {
        return client.get().uri(path)
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .header(HttpHeaders.AUTHORIZATION, bearer())
                .exchange();
    }

    private static WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, int status,
                                                               String correlationId) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, correlationId)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.correlationId").isEqualTo(correlationId);
    }

    private void expectDownstreamHealth(String service, String status, String breakerState) {
        client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.downstreams.details['" + service + "'].status").isEqualTo(status)
                .jsonPath("$.components.downstreams.details['" + service + "'].circuitBreaker.state")
                .isEqualTo(breakerState);
    }

    @Test
    void workflowServiceDownOpensTheBreakerAndTheGatewayRecoversWhenItIsBack() {
        String token = bearer();
        CircuitBreaker breaker = breakers.circuitBreaker(GatewayRoutes.COMMAND_SIDE);
        createTask(newCorrelationId(), token).expectStatus().isCreated();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

        COMMAND_SIDE.stop();
        for (int i = 0; i < 5; i++) {
            String correlationId = newCorrelationId();
            expectProblem(createTask(correlationId, token), 503, correlationId)
                    .jsonPath("$.detail").value(Matchers.containsString("command-side"));
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        // The service is back, but the breaker is still open: answered at once, nothing forwarded.
        long notPermittedBefore = breaker.getMetrics().getNumberOfNotPermittedCalls();
        int forwardedBefore = COMMAND_SIDE.receivedUnder("/workflow").size();
        COMMAND_SIDE.start();
        String whileOpen = newCorrelationId();
        WebTestClient.ResponseSpec refused = createTask(whileOpen, token);
        refused.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5");
        expectProblem(refused, 503, whileOpen)
                .jsonPath("$.detail").value(Matchers.containsString("circuit breaker open"));
        assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(notPermittedBefore + 1);
        assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, whileOpen)).isEmpty();
        assertThat(COMMAND_SIDE.receivedUnder("/workflow")).hasSize(forwardedBefore);
        // without traffic the breaker stays open; health shows the service up again and the open breaker
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> expectDownstreamHealth(GatewayRoutes.COMMAND_SIDE, "UP", "OPEN"));

        // After the wait the trial calls reach the service, succeed, and close the breaker by themselves.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            String correlationId = newCorrelationId();
            createTask(correlationId, token).expectStatus().isCreated()
                    .expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, correlationId)
                    .expectBody().jsonPath("$.servedBy").isEqualTo("command-side");
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        });
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> expectDownstreamHealth(GatewayRoutes.COMMAND_SIDE, "UP", "CLOSED"));
    }

    @Test
    void clientErrorsAndOrdinaryServerErrorsOfAServiceNeverOpenItsBreaker() {
        CircuitBreaker breaker = breakers.circuitBreaker(GatewayRoutes.ORGANIZATION);
        int[] statuses = {404, 409, 400, 403, 500};

        for (int i = 0; i < 15; i++) {
            int status = statuses[i % statuses.length];
            String correlationId = newCorrelationId();
            // the service's own answer, passed through
            expectProblem(get("/organizations/status/" + status, correlationId), status, correlationId)
                    .jsonPath("$.detail").isEqualTo("from organization");
            assertThat(ORGANIZATION.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).hasSize(1);
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(10);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void aServicesOwn503CountsAndOpensItsBreaker() {
        CircuitBreaker breaker = breakers.circuitBreaker(GatewayRoutes.BILLING);

        for (int i = 0; i < 5; i++) {
            String correlationId = newCorrelationId();
            // while the breaker is closed the client gets the service's own problem
            expectProblem(get("/billing/plans", correlationId), 503, correlationId)
                    .jsonPath("$.detail").isEqualTo("The service's database is unavailable");
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        String whileOpen = newCorrelationId();
        expectProblem(get("/billing/plans", whileOpen), 503, whileOpen)
                .jsonPath("$.detail").value(Matchers.containsString("circuit breaker open"));
        assertThat(BILLING.receivedWithHeader(EdgeHeaders.CORRELATION_ID, whileOpen)).isEmpty();
    }

    @Test
    void unreachableServiceStaysA503AndOpensItsBreaker() {
        CircuitBreaker breaker = breakers.circuitBreaker(GatewayRoutes.AUDIT);

        for (int i = 0; i < 5; i++) {
            String correlationId = newCorrelationId();
            expectProblem(get("/audit/records?entityId=t-1", correlationId), 503, correlationId)
                    .jsonPath("$.detail").value(Matchers.containsString("audit"));
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> expectDownstreamHealth(GatewayRoutes.AUDIT, "DOWN", "OPEN"));
    }
}
