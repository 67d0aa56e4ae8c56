package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The operator API under {@code /admin/**} in front of real HTTP stand-ins for identity and the six
 * services behind the gateway. Identity's stand-in vouches for tokens by their prefix:
 * {@code operator.<user>} has {@code roles: ["platform-operator"]}, {@code valid.<user>} has no roles
 * claim, and a few others carry look-alike claims that must not count.
 */
// generous client timeout: these machines are shared and sometimes heavily loaded
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=api-gateway",
        "taskflow.security.service-credential=" + StubService.SERVICE_CREDENTIAL,
        "taskflow.gateway.auth.identity-timeout=3s",
        "taskflow.gateway.admin.processors-timeout=1s"})
class AdminRoutesIT {

    private static final String VALID_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final CountDownLatch RELEASE_SLOW_BILLING = new CountDownLatch(1);

    static final StubService IDENTITY = new StubService("identity", AdminRoutesIT::identity);
    static final StubService ORGANIZATION = service("organization");
    /** Its processor list answers too late for GET /admin/processors. */
    static final StubService BILLING = new StubService("billing", request -> {
        if (request.path().equals("/admin/processors")) {
            try {
                RELEASE_SLOW_BILLING.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return answer("billing", request);
    });
    static final StubService COMMAND_SIDE = service("command-side");
    static final StubService QUERY_SIDE = service("query-side");
    static final StubService AUDIT = service("audit");
    /** Its processor list is a 500: the service works, but not this request. */
    static final StubService ANALYTICS = new StubService("analytics", request -> request.path().equals("/admin/processors")
            ? new StubService.Answer(500, "application/problem+json", "{\"status\":500}")
            : answer("analytics", request));
    static final StubService NOTIFICATION = service("notification");
    static final List<StubService> SERVICES = List.of(ORGANIZATION, BILLING, COMMAND_SIDE, QUERY_SIDE, AUDIT, ANALYTICS,
            NOTIFICATION);

    private static StubService service(String name) {
        return new StubService(name, request -> answer(name, request));
    }

    /** A processor list naming the service, or an echo of what arrived. */
    private static StubService.Answer answer(String service, StubService.Recorded request) {
        if (request.path().equals("/admin/processors")) {
            return StubService.Answer.json(200, "[{\"name\":\"" + service + "-processor\",\"state\":\"RUNNING\"}]");
        }
        return StubService.Answer.json(200, "{\"servedBy\":\"" + service + "\"}");
    }

    private static StubService.Answer identity(StubService.Recorded request) {
        String token = String.valueOf(request.header(HttpHeaders.AUTHORIZATION)).replaceFirst("^Bearer ", "");
        String user = token.substring(token.indexOf('.') + 1);
        long exp = Instant.now().plusSeconds(3600).getEpochSecond();
        String roles = switch (token.substring(0, Math.max(0, token.indexOf('.')))) {
            case "operator" -> ",\"roles\":[\"platform-operator\"]";
            case "valid" -> "";
            case "emptyroles" -> ",\"roles\":[]";
            case "otherroles" -> ",\"roles\":[\"admin\",\"OWNER\",\"platform-operator-x\"]";
            // the role as a plain string is not the agreed form (an array), so it does not count
            case "stringrole" -> ",\"roles\":\"platform-operator\"";
            default -> null;
        };
        if (roles == null) {
            return new StubService.Answer(401, "application/problem+json", "{\"status\":401}");
        }
        return StubService.Answer.json(200, "{\"userId\":\"" + user + "\",\"claims\":{\"sub\":\"" + user + "\",\"exp\":"
                + exp + roles + "}}");
    }

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("taskflow.gateway.services.identity", IDENTITY::uri);
        registry.add("taskflow.gateway.services.organization", ORGANIZATION::uri);
        registry.add("taskflow.gateway.services.billing", BILLING::uri);
        registry.add("taskflow.gateway.services.command-side", COMMAND_SIDE::uri);
        registry.add("taskflow.gateway.services.query-side", QUERY_SIDE::uri);
        registry.add("taskflow.gateway.services.audit", AUDIT::uri);
        registry.add("taskflow.gateway.services.analytics", ANALYTICS::uri);
        registry.add("taskflow.gateway.services.notification", NOTIFICATION::uri);
    }

    @AfterAll
    static void stopStubs() {
        RELEASE_SLOW_BILLING.countDown();
        IDENTITY.close();
        SERVICES.forEach(StubService::close);
    }

    @Autowired
    WebTestClient client;

    @Autowired
    CircuitBreakerRegistry breakers;

    @LocalServerPort
    int port;

    private static String newCorrelationId() {
        return "test-" + UUID.randomUUID();
    }

    private static String operatorToken() {
        return "operator.op-" + UUID.randomUUID();
    }

    private WebTestClient.ResponseSpec call(HttpMethod method, String path, String correlationId, String token) {
        WebTestClient.RequestBodySpec request = client.method(method).uri(path)
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                // a client cannot name the user itself
                .header(EdgeHeaders.USER_ID, "someone-else");
        if (token != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return request.exchange();
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

    private static void assertNoServiceReceived(String correlationId) {
        for (StubService service : SERVICES) {
            assertThat(service.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
        }
    }

    /** One request of every kind: forwarded, rewritten, answered by the gateway, unknown. */
    private static final List<String> ADMIN_PATHS = List.of(
            "/admin/dlq/query", "/admin/dlq/workflow/letters", "/admin/projections/task-view/rebuild",
            "/admin/processors/audit/audit-trail/pause", "/admin/processors", "/admin/dlq/nope", "/admin/other");

    @Test
    void tokenWithoutTheOperatorRoleIsA403AndNothingIsForwarded() {
        String[] tokens = {"valid.user-", "emptyroles.user-", "otherroles.user-", "stringrole.user-"};
        for (String prefix : tokens) {
            for (String path : ADMIN_PATHS) {
                for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.POST}) {
                    String correlationId = newCorrelationId();

                    expectProblem(call(method, path, correlationId, prefix + UUID.randomUUID()), 403, correlationId)
                            .jsonPath("$.title").isEqualTo("Forbidden")
                            .jsonPath("$.detail").value(Matchers.containsString("platform-operator role is required"));

                    assertThat(IDENTITY.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).hasSize(1);
                    assertNoServiceReceived(correlationId);
                }
            }
        }
    }

    @Test
    void noOrInvalidTokenIsA401AndNothingIsForwarded() {
        for (String path : ADMIN_PATHS) {
            String withoutToken = newCorrelationId();
            expectProblem(call(HttpMethod.POST, path, withoutToken, null), 401, withoutToken);
            assertThat(IDENTITY.receivedWithHeader(EdgeHeaders.CORRELATION_ID, withoutToken)).isEmpty();
            assertNoServiceReceived(withoutToken);

            String refused = newCorrelationId();
            expectProblem(call(HttpMethod.POST, path, refused, "revoked." + UUID.randomUUID()), 401, refused);
            assertNoServiceReceived(refused);
        }
    }

    @Test
    void operatorReachesEachDeadLetterQueueAtItsService() {
        Map<String, StubService> consumers = new LinkedHashMap<>();
        consumers.put("query", QUERY_SIDE);
        consumers.put("audit", AUDIT);
        consumers.put("analytics", ANALYTICS);
        consumers.put("workflow", COMMAND_SIDE);
        consumers.put("billing", BILLING);
        consumers.put("notification", NOTIFICATION);
        String token = operatorToken();
        String userId = token.substring("operator.".length());

        consumers.forEach((consumer, service) -> {
            for (String path : new String[] {"/admin/dlq/" + consumer, "/admin/dlq/" + consumer + "/replay?limit=5"}) {
                String correlationId = newCorrelationId();

                call(HttpMethod.POST, path, correlationId, token).expectStatus().isOk()
                        .expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, correlationId)
                        .expectBody().jsonPath("$.servedBy").isEqualTo(service.name());

                assertThat(service.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                        .satisfies(forwarded -> {
                            assertThat(forwarded.method()).isEqualTo("POST");
                            assertThat(forwarded.path()).isEqualTo(path);
                            assertThat(forwarded.headerValues(EdgeHeaders.USER_ID)).containsExactly(userId);
                            assertThat(forwarded.headerValues(EdgeHeaders.SERVICE_CREDENTIAL))
                                    .containsExactly(StubService.SERVICE_CREDENTIAL);
                            assertThat(forwarded.header(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer " + token);
                        });
                assertThat(SERVICES.stream().mapToInt(s -> s.receivedWithHeader(EdgeHeaders.CORRELATION_ID,
                        correlationId).size()).sum()).isEqualTo(1);
            }
        });
    }

    @Test
    void operatorReachesEachProjectionAtItsService() {
        Map<String, StubService> projections = Map.of("task-view", QUERY_SIDE, "audit-trail", AUDIT,
                "tasks-per-day", ANALYTICS, "notifications", NOTIFICATION);
        String token = operatorToken();

        projections.forEach((projection, service) -> {
            for (String path : new String[] {"/admin/projections/" + projection,
                    "/admin/projections/" + projection + "/rebuild"}) {
                String correlationId = newCorrelationId();

                call(HttpMethod.POST, path, correlationId, token).expectStatus().isOk()
                        .expectBody().jsonPath("$.servedBy").isEqualTo(service.name());

                assertThat(service.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                        .satisfies(forwarded -> assertThat(forwarded.path()).isEqualTo(path));
                assertThat(SERVICES.stream().mapToInt(s -> s.receivedWithHeader(EdgeHeaders.CORRELATION_ID,
                        correlationId).size()).sum()).isEqualTo(1);
            }
        });
    }

    @Test
    void processorRoutesLeadToTheNamedServiceWithoutItsName() {
        String token = operatorToken();
        Map<String, String> expected = new LinkedHashMap<>();
        // request path -> path at the service
        expected.put("/admin/processors/audit/audit-trail/pause", "/admin/processors/audit-trail/pause");
        expected.put("/admin/processors/command-side/task-publisher/reset?to=earliest",
                "/admin/processors/task-publisher/reset?to=earliest");
        expected.put("/admin/processors/organization", "/admin/processors");
        Map<String, StubService> targets = Map.of("/admin/processors/audit/audit-trail/pause", AUDIT,
                "/admin/processors/command-side/task-publisher/reset?to=earliest", COMMAND_SIDE,
                "/admin/processors/organization", ORGANIZATION);

        expected.forEach((path, forwardedPath) -> {
            String correlationId = newCorrelationId();

            call(HttpMethod.POST, path, correlationId, token).expectStatus().isOk();

            assertThat(targets.get(path).receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                    .satisfies(forwarded -> {
                        assertThat(forwarded.method()).isEqualTo("POST");
                        assertThat(forwarded.path()).isEqualTo(forwardedPath);
                        assertThat(forwarded.header(EdgeHeaders.USER_ID)).isEqualTo(token.substring("operator.".length()));
                    });
            assertThat(SERVICES.stream().mapToInt(s -> s.receivedWithHeader(EdgeHeaders.CORRELATION_ID,
                    correlationId).size()).sum()).isEqualTo(1);
        });
    }

    @Test
    void unknownConsumerProjectionServiceOrPathIsA404AndNothingIsForwarded() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("/admin/dlq/nope", "Unknown dead-letter consumer 'nope'");
        details.put("/admin/dlq/nope/replay", "Unknown dead-letter consumer 'nope'");
        details.put("/admin/dlq/Query", "Unknown dead-letter consumer 'Query'");
        details.put("/admin/projections/nope", "Unknown projection 'nope'");
        details.put("/admin/projections/task-views/rebuild", "Unknown projection 'task-views'");
        details.put("/admin/processors/identity/x", "Unknown service with processors 'identity'");
        details.put("/admin/dlq", "No operator route for POST /admin/dlq");
        details.put("/admin", "No operator route for POST /admin");
        details.put("/admin/other/thing", "No operator route for POST /admin/other/thing");
        // the overview is GET only
        details.put("/admin/processors", "No operator route for POST /admin/processors");

        details.forEach((path, detail) -> {
            String correlationId = newCorrelationId();

            expectProblem(call(HttpMethod.POST, path, correlationId, operatorToken()), 404, correlationId)
                    .jsonPath("$.detail").value(Matchers.startsWith(detail));

            assertNoServiceReceived(correlationId);
        });
    }

    @Test
    void processorOverviewMergesEveryServicesAnswerAndMarksTheFailingOnes() {
        String correlationId = newCorrelationId();
        String token = operatorToken();
        CircuitBreaker queryBreaker = breakers.circuitBreaker(GatewayRoutes.QUERY_SIDE);
        long queryFailuresBefore = queryBreaker.getMetrics().getNumberOfFailedCalls();
        QUERY_SIDE.stop();
        try {
            client.get().uri("/admin/processors")
                    .header(EdgeHeaders.CORRELATION_ID, correlationId)
                    .header(EdgeHeaders.TRACEPARENT, VALID_TRACEPARENT)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                    .expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, correlationId)
                    .expectBody()
                    .jsonPath("$.services.length()").isEqualTo(7)
                    .jsonPath("$.services[0].service").isEqualTo("organization")
                    .jsonPath("$.services[0].status").isEqualTo("UP")
                    .jsonPath("$.services[0].processors[0].name").isEqualTo("organization-processor")
                    .jsonPath("$.services[0].error").doesNotExist()
                    // too slow
                    .jsonPath("$.services[1].service").isEqualTo("billing")
                    .jsonPath("$.services[1].status").isEqualTo("UNAVAILABLE")
                    .jsonPath("$.services[1].error").isEqualTo("no answer within 1000 ms")
                    .jsonPath("$.services[1].processors").doesNotExist()
                    .jsonPath("$.services[2].service").isEqualTo("command-side")
                    .jsonPath("$.services[2].status").isEqualTo("UP")
                    .jsonPath("$.services[2].processors[0].name").isEqualTo("command-side-processor")
                    .jsonPath("$.services[2].processors[0].state").isEqualTo("RUNNING")
                    // stopped
                    .jsonPath("$.services[3].service").isEqualTo("query-side")
                    .jsonPath("$.services[3].status").isEqualTo("UNAVAILABLE")
                    .jsonPath("$.services[3].error").isEqualTo("connection refused")
                    .jsonPath("$.services[4].service").isEqualTo("audit")
                    .jsonPath("$.services[4].status").isEqualTo("UP")
                    .jsonPath("$.services[4].processors[0].name").isEqualTo("audit-processor")
                    // its own 500
                    .jsonPath("$.services[5].service").isEqualTo("analytics")
                    .jsonPath("$.services[5].status").isEqualTo("UNAVAILABLE")
                    .jsonPath("$.services[5].error").isEqualTo("answered status 500")
                    .jsonPath("$.services[6].service").isEqualTo("notification")
                    .jsonPath("$.services[6].status").isEqualTo("UP");
        } finally {
            QUERY_SIDE.start();
        }

        // each service was asked once, with the request's correlation id, trace and operator
        for (StubService service : List.of(ORGANIZATION, BILLING, COMMAND_SIDE, AUDIT, ANALYTICS, NOTIFICATION)) {
            assertThat(service.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                    .satisfies(asked -> {
                        assertThat(asked.method()).isEqualTo("GET");
                        assertThat(asked.path()).isEqualTo("/admin/processors");
                        assertThat(asked.header(EdgeHeaders.TRACEPARENT)).isEqualTo(VALID_TRACEPARENT);
                        assertThat(asked.header(EdgeHeaders.REQUEST_ID)).isNotBlank();
                        assertThat(asked.header(EdgeHeaders.USER_ID)).isEqualTo(token.substring("operator.".length()));
                        assertThat(asked.headerValues(EdgeHeaders.SERVICE_CREDENTIAL))
                                .containsExactly(StubService.SERVICE_CREDENTIAL);
                    });
        }
        // through the services' breakers: the refused connection counts against the query side
        assertThat(queryBreaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(queryFailuresBefore + 1);
    }

    @Test
    void anOpenBreakerAnswersAdminRoutesAt503AndTheOverviewListsItUnavailable() {
        CircuitBreaker breaker = breakers.circuitBreaker(GatewayRoutes.ORGANIZATION);
        String token = operatorToken();
        breaker.transitionToOpenState();
        try {
            String forwarded = newCorrelationId();
            expectProblem(call(HttpMethod.GET, "/admin/processors/organization", forwarded, token), 503, forwarded)
                    .jsonPath("$.detail").value(Matchers.containsString("circuit breaker open"));
            assertThat(ORGANIZATION.receivedWithHeader(EdgeHeaders.CORRELATION_ID, forwarded)).isEmpty();

            String overview = newCorrelationId();
            call(HttpMethod.GET, "/admin/processors", overview, token).expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.services[0].service").isEqualTo("organization")
                    .jsonPath("$.services[0].status").isEqualTo("UNAVAILABLE")
                    .jsonPath("$.services[0].error").isEqualTo("circuit breaker open")
                    .jsonPath("$.services[2].status").isEqualTo("UP");
            assertThat(ORGANIZATION.receivedWithHeader(EdgeHeaders.CORRELATION_ID, overview)).isEmpty();
        } finally {
            breaker.transitionToClosedState();
        }
    }

    @Test
    void dotSegmentsThatWouldLeadAroundTheRoleCheckAreRefused() throws IOException {
        // A service (Tomcat) resolves "..", so /workflow/../admin/... would reach its /admin/... through
        // a route that needs no role. Sent raw: an HTTP client library might resolve the dots itself.
        String[] paths = {"/workflow/../admin/dlq/query", "/workflow/%2e%2e/admin/dlq/query",
                "/workflow/..;x=1/admin/dlq/query", "/audit/records/./../../admin/processors/x",
                "/workflow/%2E%2E/%2e%2e/admin/dlq/query"};
        for (String path : paths) {
            String correlationId = newCorrelationId();

            String answer = rawGet(path, correlationId, "valid.user-" + UUID.randomUUID());

            assertThat(answer).startsWith("HTTP/1.1 400").contains(correlationId)
                    .containsIgnoringCase("content-type: application/problem+json");
            assertNoServiceReceived(correlationId);
        }
    }

    @Test
    void anEncodedNulInThePathIsAProblemAndNotForwarded() throws IOException {
        String correlationId = newCorrelationId();

        String answer = rawGet("/workflow/tasks/a%00b", correlationId, "valid.user-" + UUID.randomUUID());

        assertThat(answer).startsWith("HTTP/1.1 400").contains(correlationId).contains("NUL character")
                .containsIgnoringCase("content-type: application/problem+json");
        assertNoServiceReceived(correlationId);
    }

    private String rawGet(String path, String correlationId, String token) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + EdgeHeaders.CORRELATION_ID + ": " + correlationId + "\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
