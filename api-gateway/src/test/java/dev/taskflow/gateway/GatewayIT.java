package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * The gateway in front of real HTTP stand-ins for identity, command side and query side. Each test
 * uses its own correlation id and token, so the stubs' recordings can be told apart.
 */
// generous client timeout: these machines are shared and sometimes heavily loaded
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-gateway", "taskflow.gateway.auth.identity-timeout=3s",
                "taskflow.security.service-credential=" + StubService.SERVICE_CREDENTIAL})
class GatewayIT {

    private static final String VALID_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String TRACEPARENT_FORMAT = "00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}";
    private static final CountDownLatch RELEASE_SLOW_IDENTITY = new CountDownLatch(1);

    static final StubService IDENTITY = new StubService("identity", GatewayIT::identity);
    static final StubService COMMAND_SIDE = new StubService("command-side", request ->
            request.path().startsWith("/workflow/explode")
                    ? StubService.Answer.json(500, "{\"error\":\"boom\"}")
                    : StubService.Answer.json(201, "{\"servedBy\":\"command-side\"}"));
    static final StubService QUERY_SIDE = new StubService("query-side",
            request -> StubService.Answer.json(200, "{\"servedBy\":\"query-side\"}"));

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("taskflow.gateway.services.identity", IDENTITY::uri);
        registry.add("taskflow.gateway.services.command-side", COMMAND_SIDE::uri);
        registry.add("taskflow.gateway.services.query-side", QUERY_SIDE::uri);
        registry.add("taskflow.gateway.services.audit", StubService::deadAddress);
    }

    @AfterAll
    static void stopStubs() {
        RELEASE_SLOW_IDENTITY.countDown();
        IDENTITY.close();
        COMMAND_SIDE.close();
        QUERY_SIDE.close();
    }

    /** identity-service's /auth/validate, steered by the token's prefix. */
    private static StubService.Answer identity(StubService.Recorded request) {
        if (request.path().equals("/auth/users")) {
            return StubService.Answer.json(201, "{\"userId\":\"new-user\"}");
        }
        String token = String.valueOf(request.header(HttpHeaders.AUTHORIZATION)).replaceFirst("^Bearer ", "");
        long inAnHour = Instant.now().plusSeconds(3600).getEpochSecond();
        if (token.startsWith("valid.")) {
            String userId = token.substring("valid.".length());
            return StubService.Answer.json(200,
                    "{\"userId\":\"" + userId + "\",\"claims\":{\"sub\":\"" + userId + "\",\"exp\":" + inAnHour + "}}");
        }
        if (token.startsWith("expiring.")) {
            long now = Instant.now().getEpochSecond();
            return StubService.Answer.json(200, "{\"userId\":\"u-expiring\",\"claims\":{\"exp\":" + now + "}}");
        }
        if (token.startsWith("forbidden.")) {
            return StubService.Answer.json(403, "{}");
        }
        if (token.startsWith("broken.")) {
            return StubService.Answer.json(500, "{}");
        }
        if (token.startsWith("slow.")) {
            try {
                RELEASE_SLOW_IDENTITY.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StubService.Answer.json(200, "{\"userId\":\"too-late\"}");
        }
        return new StubService.Answer(401, "application/problem+json", "{\"status\":401}");
    }

    @Autowired
    WebTestClient client;

    private static String newCorrelationId() {
        return "test-" + UUID.randomUUID();
    }

    private static String newValidToken() {
        return "valid.user-" + UUID.randomUUID();
    }

    private long validationsOf(String token) {
        return IDENTITY.received().stream()
                .filter(r -> r.path().equals("/auth/validate"))
                .filter(r -> ("Bearer " + token).equals(r.header(HttpHeaders.AUTHORIZATION)))
                .count();
    }

    private WebTestClient.ResponseSpec createTask(String correlationId, String authorization) {
        WebTestClient.RequestBodySpec request = client.post().uri("/workflow/tasks")
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .contentType(MediaType.APPLICATION_JSON);
        if (authorization != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return request.bodyValue("{\"projectId\":\"p-1\",\"title\":\"Write the gateway\"}").exchange();
    }

    private static void expectProblem(WebTestClient.ResponseSpec response, int status, String correlationId) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, correlationId)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.correlationId").isEqualTo(correlationId);
    }

    @Test
    void requestWithoutTokenIsRefusedAndNothingIsForwarded() {
        String correlationId = newCorrelationId();

        WebTestClient.ResponseSpec response = createTask(correlationId, null);

        expectProblem(response, 401, correlationId);
        response.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
        assertThat(IDENTITY.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
    }

    @Test
    void malformedAuthorizationIsRefusedWithoutAskingIdentity() {
        for (String authorization : new String[] {"Basic dXNlcjpwYXNz", "Bearer", "Bearer two words", "valid.x"}) {
            String correlationId = newCorrelationId();

            expectProblem(createTask(correlationId, authorization), 401, correlationId);

            assertThat(IDENTITY.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
            assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
        }
    }

    @Test
    void tokenRefusedByIdentityIsRefusedAndNothingIsForwarded() {
        for (String token : new String[] {"revoked." + UUID.randomUUID(), "forbidden." + UUID.randomUUID()}) {
            String correlationId = newCorrelationId();

            expectProblem(createTask(correlationId, "Bearer " + token), 401, correlationId);

            assertThat(validationsOf(token)).isEqualTo(1);
            assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
        }
    }

    @Test
    void refusalsAreNotCached() {
        String token = "revoked." + UUID.randomUUID();

        createTask(newCorrelationId(), "Bearer " + token).expectStatus().isUnauthorized();
        createTask(newCorrelationId(), "Bearer " + token).expectStatus().isUnauthorized();

        assertThat(validationsOf(token)).isEqualTo(2);
    }

    @Test
    void identityTooSlowOrFailingIsA503AndNothingIsForwarded() {
        for (String token : new String[] {"slow." + UUID.randomUUID(), "broken." + UUID.randomUUID()}) {
            String correlationId = newCorrelationId();

            expectProblem(createTask(correlationId, "Bearer " + token), 503, correlationId);

            assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
        }
    }

    @Test
    void validTokenIsForwardedWithTheUserIdentityVouchedFor() {
        String correlationId = newCorrelationId();
        String token = newValidToken();
        String userId = token.substring("valid.".length());

        client.post().uri("/workflow/tasks")
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header(EdgeHeaders.USER_ID, "someone-else")
                .header(EdgeHeaders.SERVICE_CREDENTIAL, "attacker")
                .header(EdgeHeaders.ORGANIZATION_ID, "org-42")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"projectId\":\"p-1\",\"title\":\"Write the gateway\"}")
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, correlationId)
                .expectBody().jsonPath("$.servedBy").isEqualTo("command-side");

        assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                .satisfies(forwarded -> {
                    assertThat(forwarded.method()).isEqualTo("POST");
                    assertThat(forwarded.path()).isEqualTo("/workflow/tasks");
                    assertThat(forwarded.headerValues(EdgeHeaders.USER_ID)).containsExactly(userId);
                    assertThat(forwarded.headerValues(EdgeHeaders.SERVICE_CREDENTIAL))
                            .containsExactly(StubService.SERVICE_CREDENTIAL);
                    assertThat(forwarded.header(EdgeHeaders.ORGANIZATION_ID)).isEqualTo("org-42");
                    assertThat(forwarded.header(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer " + token);
                    assertThat(forwarded.body()).contains("Write the gateway");
                });
    }

    @Test
    void successfulValidationIsReusedWithinTheTtl() {
        String token = newValidToken();

        createTask(newCorrelationId(), "Bearer " + token).expectStatus().isCreated();
        createTask(newCorrelationId(), "Bearer " + token).expectStatus().isCreated();

        assertThat(validationsOf(token)).isEqualTo(1);
    }

    @Test
    void validationIsNotReusedPastTheTokensExpiry() {
        String token = "expiring." + UUID.randomUUID();

        createTask(newCorrelationId(), "Bearer " + token).expectStatus().isCreated();
        createTask(newCorrelationId(), "Bearer " + token).expectStatus().isCreated();

        assertThat(validationsOf(token)).isEqualTo(2);
    }

    @Test
    void workflowWritesGoToTheCommandSideAndReadsToTheQuerySide() {
        String token = "Bearer " + newValidToken();
        String write = newCorrelationId();
        String read = newCorrelationId();

        createTask(write, token).expectStatus().isCreated();
        client.get().uri("/workflow/tasks/t-1")
                .header(EdgeHeaders.CORRELATION_ID, read)
                .header(HttpHeaders.AUTHORIZATION, token)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.servedBy").isEqualTo("query-side");

        assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, write)).hasSize(1);
        assertThat(QUERY_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, write)).isEmpty();
        assertThat(QUERY_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, read)).singleElement()
                .satisfies(forwarded -> assertThat(forwarded.path()).isEqualTo("/workflow/tasks/t-1"));
        assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, read)).isEmpty();
    }

    @Test
    void signUpIsPublicAndClientIdentityHeadersAreStrippedThereToo() {
        String correlationId = newCorrelationId();

        client.post().uri("/auth/users")
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .header(EdgeHeaders.USER_ID, "someone-else")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"username\":\"ada\",\"password\":\"secret-secret\",\"displayName\":\"Ada\"}")
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, correlationId);

        assertThat(IDENTITY.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                .satisfies(forwarded -> {
                    assertThat(forwarded.path()).isEqualTo("/auth/users");
                    assertThat(forwarded.header(EdgeHeaders.USER_ID)).isNull();
                });
    }

    @Test
    void otherIdentityRoutesNeedAToken() {
        String correlationId = newCorrelationId();

        expectProblem(client.get().uri("/auth/users/me").header(EdgeHeaders.CORRELATION_ID, correlationId).exchange(),
                401, correlationId);

        assertThat(IDENTITY.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
    }

    @Test
    void saneCorrelationIdIsKeptAndOthersAreReplaced() {
        String token = "Bearer " + newValidToken();
        String sane = "client-abc.123:xyz_" + UUID.randomUUID();

        createTask(sane, token).expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, sane);
        assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, sane)).hasSize(1);

        for (String insane : new String[] {"has spaces " + UUID.randomUUID(), "x".repeat(500)}) {
            int before = COMMAND_SIDE.received().size();
            String answered = createTask(insane, token).expectStatus().isCreated()
                    .returnResult(String.class).getResponseHeaders().getFirst(EdgeHeaders.CORRELATION_ID);

            assertThat(answered).isNotBlank().isNotEqualTo(insane).matches("[A-Za-z0-9._:-]{1,128}");
            assertThat(COMMAND_SIDE.received()).hasSize(before + 1);
            assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, answered)).hasSize(1);
        }
    }

    @Test
    void correlationIdIsGeneratedWhenAbsent() {
        String answered = client.get().uri("/nowhere").exchange()
                .returnResult(String.class).getResponseHeaders().getFirst(EdgeHeaders.CORRELATION_ID);

        assertThat(answered).isNotBlank();
    }

    @Test
    void unknownRouteIsA404Problem() {
        String correlationId = newCorrelationId();

        expectProblem(client.get().uri("/nowhere").header(EdgeHeaders.CORRELATION_ID, correlationId).exchange(),
                404, correlationId);
    }

    @Test
    void downstreamErrorsPassThroughWithTheCorrelationId() {
        String correlationId = newCorrelationId();

        client.post().uri("/workflow/explode")
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + newValidToken())
                .exchange()
                .expectStatus().isEqualTo(500)
                .expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, correlationId)
                .expectBody().jsonPath("$.error").isEqualTo("boom");
    }

    @Test
    void unreachableServiceIsA503Problem() {
        String correlationId = newCorrelationId();

        WebTestClient.ResponseSpec response = client.get().uri("/audit/records?entityId=t-1")
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + newValidToken())
                .exchange();

        expectProblem(response, 503, correlationId);
    }

    @Test
    void validTraceparentIsContinued() {
        String correlationId = newCorrelationId();

        client.get().uri("/workflow/tasks/t-1")
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + newValidToken())
                .header(EdgeHeaders.TRACEPARENT, VALID_TRACEPARENT)
                .header(EdgeHeaders.TRACESTATE, "vendor=1")
                .exchange()
                .expectStatus().isOk();

        assertThat(QUERY_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                .satisfies(forwarded -> {
                    assertThat(forwarded.header(EdgeHeaders.TRACEPARENT)).isEqualTo(VALID_TRACEPARENT);
                    assertThat(forwarded.header(EdgeHeaders.TRACESTATE)).isEqualTo("vendor=1");
                });
    }

    @Test
    void missingOrInvalidTraceparentStartsANewTrace() {
        String zeroTraceId = "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01";
        for (String traceparent : new String[] {null, "garbage", zeroTraceId, VALID_TRACEPARENT.toUpperCase()}) {
            String correlationId = newCorrelationId();
            var request = client.get().uri("/workflow/tasks/t-1")
                    .header(EdgeHeaders.CORRELATION_ID, correlationId)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + newValidToken())
                    .header(EdgeHeaders.TRACESTATE, "vendor=1");
            if (traceparent != null) {
                request = request.header(EdgeHeaders.TRACEPARENT, traceparent);
            }
            request.exchange().expectStatus().isOk();

            assertThat(QUERY_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                    .satisfies(forwarded -> {
                        assertThat(forwarded.header(EdgeHeaders.TRACEPARENT))
                                .matches(TRACEPARENT_FORMAT)
                                .isNotEqualTo(traceparent)
                                .satisfies(generated -> assertThat(Traceparent.isValid(generated)).isTrue());
                        assertThat(forwarded.header(EdgeHeaders.TRACESTATE)).isNull();
                    });
        }
    }

    @Test
    void everyForwardedRequestGetsAFreshRequestId() {
        String first = newCorrelationId();
        String second = newCorrelationId();
        String token = "Bearer " + newValidToken();

        for (String correlationId : new String[] {first, second}) {
            client.get().uri("/workflow/tasks/t-1")
                    .header(EdgeHeaders.CORRELATION_ID, correlationId)
                    .header(HttpHeaders.AUTHORIZATION, token)
                    .header(EdgeHeaders.REQUEST_ID, "chosen-by-client")
                    .exchange()
                    .expectStatus().isOk();
        }

        String firstRequestId = QUERY_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, first).get(0)
                .header(EdgeHeaders.REQUEST_ID);
        String secondRequestId = QUERY_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, second).get(0)
                .header(EdgeHeaders.REQUEST_ID);
        assertThat(firstRequestId).isNotBlank().isNotEqualTo("chosen-by-client").isNotEqualTo(secondRequestId);
        assertThat(secondRequestId).isNotBlank().isNotEqualTo("chosen-by-client");
    }

    @Test
    void identityIsAskedWithTheRequestsCorrelationAndTraceHeaders() {
        String correlationId = newCorrelationId();

        client.get().uri("/workflow/tasks/t-1")
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + newValidToken())
                .header(EdgeHeaders.TRACEPARENT, VALID_TRACEPARENT)
                .exchange()
                .expectStatus().isOk();

        assertThat(IDENTITY.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                .satisfies(validation -> {
                    assertThat(validation.path()).isEqualTo("/auth/validate");
                    assertThat(validation.method()).isEqualTo("POST");
                    assertThat(validation.header(EdgeHeaders.TRACEPARENT)).isEqualTo(VALID_TRACEPARENT);
                    assertThat(validation.headerValues(EdgeHeaders.SERVICE_CREDENTIAL))
                            .containsExactly(StubService.SERVICE_CREDENTIAL);
                });
    }

    @Test
    void healthIsPublicAndCarriesTheCorrelationId() {
        String correlationId = newCorrelationId();

        client.get().uri("/actuator/health")
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, correlationId)
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void healthReportsEveryServiceWithoutLettingADeadOneTakeTheGatewayDown() {
        client.get().uri("/actuator/health")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.downstreams.status").isEqualTo("DEGRADED")
                .jsonPath("$.components.downstreams.details.audit.status").isEqualTo("DOWN")
                .jsonPath("$.components.downstreams.details.audit.error").isEqualTo("connection refused")
                // the stand-ins answer without a health status
                .jsonPath("$.components.downstreams.details['command-side'].status").isEqualTo("UNKNOWN")
                .jsonPath("$.components.downstreams.details['command-side'].circuitBreaker.state").isEqualTo("CLOSED")
                .jsonPath("$.components.downstreams.details.identity").exists()
                .jsonPath("$.components.downstreams.details.organization").exists()
                .jsonPath("$.components.downstreams.details.billing").exists()
                .jsonPath("$.components.downstreams.details['query-side']").exists()
                .jsonPath("$.components.downstreams.details.analytics").exists();
    }
}
