package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the edge lets through and what it adds: headers only the gateway may set are dropped whatever a
 * client sends, the service credential goes on everything the gateway sends to a service (forwarded
 * requests, token validation, the operator overviews, health probes), and neither a token, nor the
 * credential, nor a rejected correlation id shows up in the gateway's log. Every service but identity is
 * one stand-in here.
 */
// generous client timeout: these machines are shared and sometimes heavily loaded
@AutoConfigureWebTestClient(timeout = "30s")
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=api-gateway",
        "taskflow.security.service-credential=" + StubService.SERVICE_CREDENTIAL,
        "taskflow.gateway.auth.identity-timeout=10s",
        "taskflow.gateway.downstream-health.cache-ttl=1ms",
        // whatever the gateway logs at its most talkative must be free of secrets, key-value fields included
        "logging.level.dev.taskflow.gateway=DEBUG",
        "logging.structured.format.console=logstash"})
class EdgeHeadersIT {

    private static final String ATTACKER_CREDENTIAL = "attacker";

    static final StubService IDENTITY = new StubService("identity", EdgeHeadersIT::identity);
    static final StubService SERVICES = new StubService("services", request -> switch (request.path()) {
        case "/admin/processors" -> StubService.Answer.json(200, "[]");
        case "/actuator/health" -> StubService.Answer.json(200, "{\"status\":\"UP\"}");
        default -> StubService.Answer.json(200, "{\"servedBy\":\"services\"}");
    });

    private static StubService.Answer identity(StubService.Recorded request) {
        if (!request.path().equals("/auth/validate")) {
            return StubService.Answer.json(200, "{\"accessToken\":\"issued\"}");
        }
        String token = String.valueOf(request.header(HttpHeaders.AUTHORIZATION)).replaceFirst("^Bearer ", "");
        String user = token.substring(token.indexOf('.') + 1);
        String roles = switch (token.substring(0, Math.max(0, token.indexOf('.')))) {
            case "operator" -> ",\"roles\":[\"platform-operator\"]";
            case "valid" -> "";
            case "broken" -> "broken";
            default -> null;
        };
        if (roles == null) {
            return new StubService.Answer(401, "application/problem+json", "{\"status\":401}");
        }
        if (roles.equals("broken")) {
            return StubService.Answer.json(500, "{}");
        }
        return StubService.Answer.json(200, "{\"userId\":\"" + user + "\",\"claims\":{\"sub\":\"" + user + "\",\"exp\":"
                + Instant.now().plusSeconds(3600).getEpochSecond() + roles + "}}");
    }

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("taskflow.gateway.services.identity", IDENTITY::uri);
        for (String service : List.of("organization", "billing", "command-side", "query-side", "audit", "analytics",
                "notification")) {
            registry.add("taskflow.gateway.services." + service, SERVICES::uri);
        }
    }

    @AfterAll
    static void stopStubs() {
        IDENTITY.close();
        SERVICES.close();
    }

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    private static String newCorrelationId() {
        return "test-" + UUID.randomUUID();
    }

    /** A request that carries every header only the gateway may set, with values of the client's choosing. */
    private WebTestClient.RequestHeadersSpec<?> withClientEdgeHeaders(WebTestClient.RequestHeadersSpec<?> request,
                                                                      String correlationId) {
        return request.header(EdgeHeaders.CORRELATION_ID, correlationId)
                .header(EdgeHeaders.USER_ID, "someone-else")
                .header(EdgeHeaders.USER_ROLES, "platform-operator")
                .header(EdgeHeaders.REQUEST_ID, "chosen-by-client")
                .header(EdgeHeaders.SERVICE_CREDENTIAL, ATTACKER_CREDENTIAL);
    }

    private static void assertOnlyTheEdgesValues(StubService.Recorded forwarded, String expectedUserId) {
        assertThat(forwarded.headerValues(EdgeHeaders.SERVICE_CREDENTIAL)).containsExactly(StubService.SERVICE_CREDENTIAL);
        assertThat(forwarded.headerValues(EdgeHeaders.USER_ROLES)).isEmpty();
        assertThat(forwarded.headerValues(EdgeHeaders.REQUEST_ID)).singleElement().isNotEqualTo("chosen-by-client");
        if (expectedUserId == null) {
            assertThat(forwarded.headerValues(EdgeHeaders.USER_ID)).isEmpty();
        } else {
            assertThat(forwarded.headerValues(EdgeHeaders.USER_ID)).containsExactly(expectedUserId);
        }
    }

    @Test
    void clientSentEdgeHeadersNeverReachAServiceAndTheCredentialIsTheGateways() {
        String correlationId = newCorrelationId();
        String user = "user-" + UUID.randomUUID();

        withClientEdgeHeaders(client.post().uri("/workflow/tasks")
                .header(HttpHeaders.AUTHORIZATION, "Bearer valid." + user)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\":\"t\"}"), correlationId)
                .exchange()
                .expectStatus().isOk();

        assertThat(SERVICES.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                .satisfies(forwarded -> assertOnlyTheEdgesValues(forwarded, user));
        // the token's validation carries the credential too, and none of the client's edge headers
        assertThat(IDENTITY.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                .satisfies(validation -> {
                    assertThat(validation.path()).isEqualTo("/auth/validate");
                    assertOnlyTheEdgesValues(validation, null);
                });
    }

    @Test
    void publicRoutesGetTheCredentialAndLoseTheClientsEdgeHeaders() {
        String correlationId = newCorrelationId();

        withClientEdgeHeaders(client.post().uri("/auth/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"username\":\"ada\",\"password\":\"secret-secret\"}"), correlationId)
                .exchange()
                .expectStatus().isOk();

        assertThat(IDENTITY.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                .satisfies(forwarded -> {
                    assertThat(forwarded.path()).isEqualTo("/auth/token");
                    assertOnlyTheEdgesValues(forwarded, null);
                });
    }

    @Test
    void theGatewaysOwnCallsToServicesCarryTheCredential() {
        String correlationId = newCorrelationId();

        withClientEdgeHeaders(client.get().uri("/admin/processors")
                .header(HttpHeaders.AUTHORIZATION, "Bearer operator.op-" + UUID.randomUUID()), correlationId)
                .exchange()
                .expectStatus().isOk();
        // one call per service with processors (seven, all this stand-in)
        assertThat(SERVICES.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).hasSize(7)
                .allSatisfy(call -> {
                    assertThat(call.path()).isEqualTo("/admin/processors");
                    assertThat(call.headerValues(EdgeHeaders.SERVICE_CREDENTIAL))
                            .containsExactly(StubService.SERVICE_CREDENTIAL);
                    assertThat(call.headerValues(EdgeHeaders.USER_ROLES)).isEmpty();
                });

        int probesBefore = SERVICES.receivedUnder("/actuator/health").size();
        client.get().uri("/actuator/health").header(EdgeHeaders.SERVICE_CREDENTIAL, ATTACKER_CREDENTIAL)
                .exchange().expectStatus().isOk();
        List<StubService.Recorded> probes = SERVICES.receivedUnder("/actuator/health");
        assertThat(probes).hasSizeGreaterThan(probesBefore).allSatisfy(probe -> assertThat(
                probe.headerValues(EdgeHeaders.SERVICE_CREDENTIAL)).containsExactly(StubService.SERVICE_CREDENTIAL));
    }

    @Test
    void tokensTheCredentialAndRejectedCorrelationIdsStayOutOfTheLog(CapturedOutput output) throws IOException {
        String secret = UUID.randomUUID().toString().replace("-", "");
        String refusedToken = "revoked." + secret + "a";
        String failingToken = "broken." + secret + "b";
        String acceptedToken = "valid." + secret + "c";
        String oversizeToken = "valid." + secret + "d";
        String insaneCorrelationId = "forged\tlevel=ERROR msg=" + secret;
        String saneCorrelationId = newCorrelationId();

        client.get().uri("/workflow/tasks").header(HttpHeaders.AUTHORIZATION, "Bearer " + refusedToken)
                .exchange().expectStatus().isUnauthorized();
        client.get().uri("/workflow/tasks").header(HttpHeaders.AUTHORIZATION, "Bearer " + failingToken)
                .exchange().expectStatus().isEqualTo(503);
        client.get().uri("/workflow/tasks").header(HttpHeaders.AUTHORIZATION, "Bearer " + acceptedToken)
                .header(EdgeHeaders.CORRELATION_ID, insaneCorrelationId)
                .exchange().expectStatus().isOk();
        client.get().uri("/workflow/tasks").header(HttpHeaders.AUTHORIZATION, "Bearer " + acceptedToken)
                .header(EdgeHeaders.CORRELATION_ID, saneCorrelationId)
                .exchange().expectStatus().isOk();
        // refused by the gateway's header limit, and (past the decoder's own limit) in the codec, which logs itself
        assertThat(rawGetWithHugeHeader(oversizeToken, 20_000)).startsWith("HTTP/1.1 431");
        assertThat(rawGetWithHugeHeader(oversizeToken, 70_000)).startsWith("HTTP/1.1 431");

        // the log is there (the sane id is a field of the request's line), and no secret is
        assertThat(output).contains(saneCorrelationId).contains("Client correlation id replaced ("
                + insaneCorrelationId.length() + " characters");
        assertThat(output).doesNotContain(secret).doesNotContain(StubService.SERVICE_CREDENTIAL);
    }

    private String rawGetWithHugeHeader(String token, int padding) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            // Connection: close, so that the answer ends with the connection (the codec closes it anyway)
            out.write(("GET /workflow/tasks HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
                    + token + "\r\n" + "X-Padding: " + "p".repeat(padding) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
