package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * What the operator console needs from the gateway, in front of real HTTP stand-ins for identity and the six
 * services: the console's files without a token, and the overviews the gateway answers itself
 * ({@code /admin/outbox}, {@code /admin/dlq}, {@code /admin/projections}, {@code /admin/requests/{id}}), each
 * tolerant of a service that is down. Identity's stand-in vouches for {@code operator.<user>} with the
 * operator role and for {@code valid.<user>} without it.
 */
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=api-gateway",
        "taskflow.security.service-credential=" + StubService.SERVICE_CREDENTIAL,
        // generous: a first validation on a loaded CI machine took over 3 s
        "taskflow.gateway.auth.identity-timeout=10s",
        "taskflow.gateway.admin.processors-timeout=1s"})
class OperatorConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Events the audit stand-in reports for every correlation id: one before any request, one after. */
    private static final String LONG_AGO = "2000-01-01T00:00:00Z";
    private static final String FAR_AHEAD = "2999-01-01T00:00:00Z";

    static final StubService IDENTITY = new StubService("identity", OperatorConsoleIT::identity);
    static final StubService ORGANIZATION = new StubService("organization", request ->
            request.path().equals("/admin/outbox")
                    ? StubService.Answer.json(200, "{\"publisher\":\"kafka-publisher\",\"events\":3,\"ageSeconds\":7,"
                    + "\"overThreshold\":false,\"measuredAt\":\"2025-01-01T00:00:00Z\"}")
                    : served("organization"));
    /** Answers its outbox and dead letters with JSON that lacks the figures. */
    static final StubService BILLING = new StubService("billing", request ->
            request.path().equals("/admin/outbox") || request.path().startsWith("/admin/dlq/billing")
                    ? StubService.Answer.json(200, "{\"something\":\"else\"}")
                    : served("billing"));
    static final StubService COMMAND_SIDE = new StubService("command-side", request ->
            request.path().startsWith("/admin/dlq/workflow") ? letters("workflow", 1) : served("command-side"));
    static final StubService QUERY_SIDE = new StubService("query-side", request ->
            request.path().startsWith("/admin/dlq/query") ? letters("query", 0) : served("query-side"));
    static final StubService AUDIT = new StubService("audit", request -> {
        if (request.path().startsWith("/admin/dlq/audit")) {
            return letters("audit", 2);
        }
        if (request.path().startsWith("/admin/audit/correlations/")) {
            return StubService.Answer.json(200, "{\"records\":["
                    + record("TaskCreated", FAR_AHEAD) + "," + record("ProjectCreated", LONG_AGO)
                    + "],\"truncated\":false}");
        }
        return served("audit");
    });
    /** Its dead letters are a 500: the service works, but not this request. */
    static final StubService ANALYTICS = new StubService("analytics", request ->
            request.path().startsWith("/admin/dlq/analytics")
                    ? new StubService.Answer(500, "application/problem+json", "{\"status\":500}")
                    : served("analytics"));
    static final List<StubService> SERVICES = List.of(ORGANIZATION, BILLING, COMMAND_SIDE, QUERY_SIDE, AUDIT, ANALYTICS);

    private static StubService.Answer served(String service) {
        return StubService.Answer.json(200, "{\"servedBy\":\"" + service + "\"}");
    }

    private static StubService.Answer letters(String consumer, int total) {
        return StubService.Answer.json(200, "{\"consumer\":\"" + consumer + "\",\"page\":0,\"size\":1,\"total\":"
                + total + ",\"letters\":[]}");
    }

    private static String record(String eventType, String occurredAt) {
        return "{\"eventId\":\"e-" + eventType + "\",\"eventType\":\"" + eventType + "\",\"source\":\"command-side\","
                + "\"organizationId\":\"org-1\",\"entityType\":\"task\",\"entityId\":\"t-1\",\"summary\":\"s\","
                + "\"traceId\":null,\"occurredAt\":\"" + occurredAt + "\",\"recordedAt\":\"" + occurredAt + "\"}";
    }

    private static StubService.Answer identity(StubService.Recorded request) {
        String token = String.valueOf(request.header(HttpHeaders.AUTHORIZATION)).replaceFirst("^Bearer ", "");
        String user = token.substring(token.indexOf('.') + 1);
        String roles = switch (token.substring(0, Math.max(0, token.indexOf('.')))) {
            case "operator" -> ",\"roles\":[\"platform-operator\"]";
            case "valid" -> "";
            default -> null;
        };
        if (roles == null) {
            return new StubService.Answer(401, "application/problem+json", "{\"status\":401}");
        }
        return StubService.Answer.json(200, "{\"userId\":\"" + user + "\",\"claims\":{\"sub\":\"" + user + "\",\"exp\":"
                + Instant.now().plusSeconds(3600).getEpochSecond() + roles + "}}");
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
    }

    @AfterAll
    static void stopStubs() {
        IDENTITY.close();
        SERVICES.forEach(StubService::close);
    }

    @Autowired
    WebTestClient client;

    private static String newCorrelationId() {
        return "console-" + UUID.randomUUID();
    }

    private static String operatorToken() {
        return "operator.op-" + UUID.randomUUID();
    }

    private WebTestClient.ResponseSpec get(String path, String correlationId, String token) {
        // as sent: percent-escapes in the path must reach the gateway unchanged
        WebTestClient.RequestHeadersSpec<?> request = client.get().uri(URI.create(path))
                .header(EdgeHeaders.CORRELATION_ID, correlationId);
        if (token != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return request.exchange();
    }

    private static JsonNode json(WebTestClient.ResponseSpec response) {
        byte[] body = response.expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theConsoleIsServedWithoutATokenAndAsksNoService() {
        String correlationId = newCorrelationId();

        byte[] page = get("/console/", correlationId, null).expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().value("Content-Security-Policy", Matchers.containsString("default-src 'self'"))
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, correlationId)
                .expectBody().returnResult().getResponseBody();
        assertThat(new String(page)).contains("id=\"login-form\"", "src=\"console.js\"", "href=\"console.css\"");
        get("/console/console.js", correlationId, null).expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/javascript")
                .expectBody(String.class).value(Matchers.containsString("/admin/processors"));
        get("/console/console.css", correlationId, null).expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/css");
        // without the trailing slash the page's relative links would miss
        get("/console", correlationId, null).expectStatus().isPermanentRedirect()
                .expectHeader().location("/console/");

        assertThat(IDENTITY.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
        for (StubService service : SERVICES) {
            assertThat(service.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
        }
    }

    @Test
    void anUnknownConsoleFileIsA404ProblemAndDotSegmentsStayRefused() {
        String correlationId = newCorrelationId();
        get("/console/nope.js", correlationId, null).expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        get("/console/%2e%2e/api-gateway.yml", correlationId, null).expectStatus().isBadRequest();
    }

    @Test
    void theNewOverviewsAreForOperatorsOnly() {
        for (String path : List.of("/admin/outbox", "/admin/dlq", "/admin/projections", "/admin/requests/x",
                "/admin/audit/correlations/x")) {
            String refused = newCorrelationId();
            get(path, refused, "valid.member-" + UUID.randomUUID()).expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            get(path, newCorrelationId(), null).expectStatus().isUnauthorized();
            for (StubService service : SERVICES) {
                assertThat(service.receivedWithHeader(EdgeHeaders.CORRELATION_ID, refused)).as(path).isEmpty();
            }
        }
    }

    @Test
    void outboxOverviewListsEveryPublishingServiceAndTheOnesThatCannotAnswer() {
        String correlationId = newCorrelationId();
        String token = operatorToken();
        COMMAND_SIDE.stop();
        JsonNode overview;
        try {
            overview = json(get("/admin/outbox", correlationId, token));
        } finally {
            COMMAND_SIDE.start();
        }

        JsonNode services = overview.get("services");
        assertThat(services).hasSize(3);
        assertThat(services.get(0).get("service").asText()).isEqualTo("organization");
        assertThat(services.get(0).get("status").asText()).isEqualTo("UP");
        assertThat(services.get(0).get("outbox").get("events").asLong()).isEqualTo(3);
        assertThat(services.get(0).get("outbox").get("ageSeconds").asLong()).isEqualTo(7);
        assertThat(services.get(1).get("service").asText()).isEqualTo("billing");
        assertThat(services.get(1).get("status").asText()).isEqualTo("UNAVAILABLE");
        assertThat(services.get(1).get("error").asText()).isEqualTo("answered without an outbox backlog");
        assertThat(services.get(2).get("service").asText()).isEqualTo("command-side");
        assertThat(services.get(2).get("status").asText()).isEqualTo("UNAVAILABLE");
        assertThat(services.get(2).get("error").asText()).isEqualTo("connection refused");
        assertThat(ORGANIZATION.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                .satisfies(asked -> {
                    assertThat(asked.path()).isEqualTo("/admin/outbox");
                    assertThat(asked.header(EdgeHeaders.USER_ID)).isEqualTo(token.substring("operator.".length()));
                });
        // only the publishing services are asked
        assertThat(QUERY_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
    }

    @Test
    void deadLetterSummaryCountsEachConsumersLettersAtItsService() {
        String correlationId = newCorrelationId();

        JsonNode consumers = json(get("/admin/dlq", correlationId, operatorToken())).get("consumers");

        List<String> lines = new ArrayList<>();
        consumers.forEach(c -> lines.add(c.get("consumer").asText() + " " + c.get("service").asText() + " "
                + c.get("status").asText() + " " + (c.has("letters") ? c.get("letters").asText() : c.get("error").asText())));
        assertThat(lines).containsExactly(
                "query query-side UP 0",
                "audit audit UP 2",
                "analytics analytics UNAVAILABLE answered status 500",
                "workflow command-side UP 1",
                "billing billing UNAVAILABLE answered without a total",
                // no stub for the notification service here: its address refuses connections
                "notification notification UNAVAILABLE connection refused");
        assertThat(AUDIT.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                .satisfies(asked -> {
                    assertThat(asked.method()).isEqualTo("GET");
                    assertThat(asked.path()).isEqualTo("/admin/dlq/audit?page=0&size=1");
                });
    }

    @Test
    void projectionListNamesWhatTheGatewayRoutes() {
        JsonNode projections = json(get("/admin/projections", newCorrelationId(), operatorToken())).get("projections");

        List<String> names = new ArrayList<>();
        projections.forEach(p -> names.add(p.get("name").asText() + "@" + p.get("service").asText()));
        assertThat(names).containsExactly("task-view@query-side", "audit-trail@audit", "tasks-per-day@analytics",
                "notifications@notification");
    }

    @Test
    void auditPathsGoToTheAuditService() {
        String correlationId = newCorrelationId();

        get("/admin/audit/correlations/abc", correlationId, operatorToken()).expectStatus().isOk();

        assertThat(AUDIT.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                .satisfies(forwarded -> assertThat(forwarded.path()).isEqualTo("/admin/audit/correlations/abc"));
    }

    @Test
    void requestPathPutsTheGatewaysRequestsAndTheAuditedEventsInTimeOrder() {
        String followed = newCorrelationId();
        String token = operatorToken();
        client.post().uri("/workflow/tasks").header(EdgeHeaders.CORRELATION_ID, followed)
                .header(HttpHeaders.AUTHORIZATION, "Bearer valid.user-1").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\":\"x\"}").exchange().expectStatus().isOk();
        // the same correlation id again, refused at the edge
        get("/workflow/tasks/1", followed, null).expectStatus().isUnauthorized();

        String lookup = newCorrelationId();
        JsonNode path = json(get("/admin/requests/" + followed, lookup, token));

        assertThat(path.get("correlationId").asText()).isEqualTo(followed);
        assertThat(path.get("audit").get("status").asText()).isEqualTo("UP");
        JsonNode steps = path.get("steps");
        List<String> kinds = new ArrayList<>();
        steps.forEach(step -> kinds.add(step.get("kind").asText() + ":"
                + (step.has("eventType") ? step.get("eventType").asText() : step.get("method").asText())));
        assertThat(kinds).containsExactly("event:ProjectCreated", "request:POST", "request:GET", "event:TaskCreated");
        JsonNode created = steps.get(1);
        assertThat(created.get("path").asText()).isEqualTo("/workflow/tasks");
        assertThat(created.get("status").asInt()).isEqualTo(200);
        assertThat(created.get("service").asText()).isEqualTo("command-side");
        assertThat(created.get("answeredBy").asText()).isEqualTo("command-side");
        assertThat(created.get("route").asText()).isEqualTo("workflow-commands");
        assertThat(created.get("durationMs").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(Instant.parse(created.get("at").asText())).isBefore(Instant.now());
        assertThat(created.get("traceId").asText()).hasSize(32);
        JsonNode refused = steps.get(2);
        assertThat(refused.get("status").asInt()).isEqualTo(401);
        assertThat(refused.get("service").asText()).isEqualTo("query-side");
        assertThat(refused.get("answeredBy").asText()).isEqualTo("gateway");
        JsonNode event = steps.get(3);
        assertThat(event.get("source").asText()).isEqualTo("command-side");
        assertThat(event.get("organizationId").asText()).isEqualTo("org-1");
        assertThat(event.get("entityId").asText()).isEqualTo("t-1");
        assertThat(event.get("occurredAt").asText()).isEqualTo(FAR_AHEAD);
        assertThat(event.get("recordedAt").asText()).isEqualTo(FAR_AHEAD);
        assertThat(AUDIT.receivedWithHeader(EdgeHeaders.CORRELATION_ID, lookup)).singleElement()
                .satisfies(asked -> assertThat(asked.path()).isEqualTo("/admin/audit/correlations/" + followed));

        // audit down: the gateway's own steps remain, and the answer says why the events are missing
        AUDIT.stop();
        try {
            JsonNode withoutAudit = json(get("/admin/requests/" + followed, newCorrelationId(), token));
            assertThat(withoutAudit.get("steps")).hasSize(2);
            assertThat(withoutAudit.get("audit").get("status").asText()).isEqualTo("UNAVAILABLE");
            assertThat(withoutAudit.get("audit").get("error").asText()).isEqualTo("connection refused");
        } finally {
            AUDIT.start();
        }
    }

    @Test
    void theOperatorsOwnReadsAreNotRemembered() {
        String poll = newCorrelationId();
        String token = operatorToken();
        json(get("/admin/projections", poll, token));

        JsonNode path = json(get("/admin/requests/" + poll, newCorrelationId(), token));

        assertThat(path.get("steps")).noneMatch(step -> step.get("kind").asText().equals("request"));
    }

    @Test
    void aMalformedCorrelationIdIsA400AndAuditIsNotAsked() {
        for (String bad : List.of("has%20space", "x".repeat(129), "a%2Fb", "%3Cscript%3E")) {
            String correlationId = newCorrelationId();

            get("/admin/requests/" + bad, correlationId, operatorToken()).expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(Matchers.containsString("correlation id"))
                    .jsonPath("$.correlationId").isEqualTo(correlationId);

            assertThat(AUDIT.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).as(bad).isEmpty();
        }
    }
}
