package dev.taskflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.Role;
import dev.taskflow.infra.ServiceCredentialForTests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Requests the gateway would never send: without the service credential, with bodies built to hurt the
 * parser, and with fields the server owns. Each is refused as a problem, or has its server-owned fields
 * ignored, and refused ones leave the event store as it was.
 */
class HostileRequestIT extends CommandSideIntegrationTest {

    private static final HttpClient RAW = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    private final String organizationId = UUID.randomUUID().toString();
    private final String userId = UUID.randomUUID().toString();
    private String projectId;

    @BeforeEach
    void memberWithAProject() {
        becomeMember(organizationId, userId, Role.MEMBER);
        projectId = createProject(organizationId, userId);
    }

    // ------------------------------------------------------------------------------------------ credential

    @Test
    void withoutTheRightCredentialNothingIsProcessed() {
        String body = "{\"projectId\":\"" + projectId + "\",\"title\":\"Past the gateway\"}";
        long before = storedEvents();

        for (String credential : new String[]{null, "wrong", ServiceCredentialForTests.VALUE + "x",
                ServiceCredentialForTests.VALUE.toUpperCase()}) {
            HttpResponse<String> refused = send("POST", "/workflow/tasks", credential, "application/json", bytes(body));

            assertProblem(refused, 401, "X-Service-Credential");
            assertThat(json(refused).get("title").asText()).isEqualTo("Not from the gateway");
            assertThat(refused.body()).doesNotContain(ServiceCredentialForTests.VALUE);
        }
        for (String path : new String[]{"/v3/api-docs", "/admin/outbox", "/admin/dead-letters"}) {
            assertProblem(send("GET", path, null, null, null), 401, "X-Service-Credential");
        }
        // a path that only looks like the actuator's is not let through as one
        HttpResponse<String> disguised = send("POST", "/actuator/%2e%2e/workflow/tasks", null, "application/json", bytes(body));
        assertThat(disguised.statusCode()).isIn(400, 401, 404);
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(eventsMentioning("Past the gateway")).isZero();

        assertThat(send("GET", "/actuator/health", null, null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health/liveness", null, null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> accepted = send("POST", "/workflow/tasks", ServiceCredentialForTests.VALUE,
                "application/json", bytes(body));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        assertThat(eventsMentioning("Past the gateway")).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------ hostile bodies

    @Test
    void unreadableBodiesAre4xxProblemsNamingWhatIsWrongAndWriteNothing() {
        String valid = "{\"projectId\":\"" + projectId + "\",\"title\":\"";
        Map<String, Hostile> cases = new LinkedHashMap<>();
        cases.put("malformed", new Hostile("application/json", bytes(valid + "x\","), 400, "not valid JSON"));
        cases.put("object for a string", new Hostile("application/json",
                bytes("{\"projectId\":\"" + projectId + "\",\"title\":{}}"), 400, "Field 'title' has the wrong type"));
        cases.put("array for a string", new Hostile("application/json",
                bytes("{\"projectId\":\"" + projectId + "\",\"title\":[1]}"), 400, "Field 'title' has the wrong type"));
        cases.put("number for a string", new Hostile("application/json",
                bytes("{\"projectId\":\"" + projectId + "\",\"title\":1e999999999}"), 400, "Field 'title' has the wrong type"));
        cases.put("boolean for a string", new Hostile("application/json",
                bytes("{\"projectId\":\"" + projectId + "\",\"title\":true}"), 400, "Field 'title' has the wrong type"));
        cases.put("NUL in a string", new Hostile("application/json",
                bytes("{\"projectId\":\"" + projectId + "\",\"title\":\"a\\u0000b\"}"), 400,
                "Field 'title' must not contain the NUL character"));
        cases.put("null", new Hostile("application/json", bytes("null"), 400, "Request body is missing"));
        cases.put("empty", new Hostile("application/json", new byte[0], 400, "Request body is missing"));
        cases.put("not JSON", new Hostile("text/plain", bytes(valid + "t\"}"), 415, "text/plain"));
        cases.put("invalid UTF-8", new Hostile("application/json",
                concat(bytes(valid), new byte[]{(byte) 0xff, (byte) 0xfe, (byte) 0xc3}, bytes("\"}")), 400, "UTF-8"));
        cases.put("huge number", new Hostile("application/json", bytes("1e999999999"), 400, "must be a JSON object"));
        cases.put("long number", new Hostile("application/json",
                bytes(valid + "t\",\"extra\":" + "9".repeat(100) + "}"), 400, "exceeds the maximum allowed (50)"));
        cases.put("deep nesting", new Hostile("application/json",
                bytes(valid + "t\",\"extra\":" + "[".repeat(10_000)), 400, "exceeds the maximum allowed (32)"));
        cases.put("long string", new Hostile("application/json",
                bytes(valid + "a".repeat(200_000) + "\"}"), 400, "exceeds the maximum allowed (100000)"));
        cases.put("2MB string", new Hostile("application/json",
                bytes(valid + "a".repeat(2_000_000) + "\"}"), 413, "larger than 1048576 bytes"));
        long before = storedEvents();

        cases.forEach((name, hostile) -> {
            HttpResponse<String> response = send("POST", "/workflow/tasks", ServiceCredentialForTests.VALUE,
                    hostile.contentType(), hostile.body());
            assertProblem(response, hostile.status(), hostile.detail());
            assertThat(json(response).get("detail").asText()).as(name).hasSizeLessThan(400);
            assertThat(response.body()).as(name).doesNotContain("at com.", "at org.", "Exception");
        });

        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anEncodedNulInThePathOrTheQueryIsABadRequest() {
        long before = storedEvents();

        HttpResponse<String> inPath = send("POST", "/workflow/tasks/a%00b/complete", ServiceCredentialForTests.VALUE,
                null, null);
        HttpResponse<String> inQuery = send("POST", "/workflow/tasks?x=%00", ServiceCredentialForTests.VALUE,
                "application/json", bytes("{\"projectId\":\"" + projectId + "\",\"title\":\"t\"}"));

        // Tomcat refuses an encoded NUL in the path itself, before any filter (the gateway answers it as a problem)
        assertThat(inPath.statusCode()).isEqualTo(400);
        assertProblem(inQuery, 400, "must not contain the NUL character");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aStreamedBodyIsCutOffOnceItPassesTheLimit() {
        // 2 MB in strings small enough for the parser's limits, which the parser skips without keeping them
        byte[] body = bytes("{\"projectId\":\"" + projectId + "\",\"title\":\"t\",\"extra\":["
                + ("\"" + "a".repeat(1000) + "\",").repeat(2000) + "\"a\"]}");
        long before = storedEvents();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/workflow/tasks"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-User-Id", userId).header("X-Organization-Id", organizationId)
                .header(ServiceCredentialForTests.HEADER, ServiceCredentialForTests.VALUE)
                // no Content-Length: the body arrives chunked and only the filter's count can stop it
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        assertProblem(exchange(request), 413, "larger than 1048576 bytes");
        assertThat(storedEvents()).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------ server-owned fields

    @Test
    void fieldsTheServerOwnsAreIgnoredInANewTask() {
        String otherOrganization = UUID.randomUUID().toString();
        String chosenTaskId = UUID.randomUUID().toString();
        Instant past = Instant.parse("2001-01-01T00:00:00Z");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectId", projectId);
        body.put("title", "Mine to own");
        body.put("taskId", chosenTaskId);
        body.put("organizationId", otherOrganization);
        body.put("createdBy", "someone-else");
        body.put("status", "DONE");
        body.put("createdAt", past.toString());
        body.put("version", 42);
        Instant before = Instant.now();

        ResponseEntity<String> response = post("/workflow/tasks", body, headers(organizationId, userId));

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        JsonNode task = read(response.getBody());
        String taskId = task.get("taskId").asText();
        assertThat(taskId).isNotEqualTo(chosenTaskId);
        assertThat(task.get("organizationId").asText()).isEqualTo(organizationId);
        assertThat(task.get("createdBy").asText()).isEqualTo(userId);
        assertThat(task.get("status").asText()).isEqualTo("OPEN");
        assertThat(Instant.parse(task.get("createdAt").asText())).isAfterOrEqualTo(before.minusSeconds(1));

        JsonNode stored = stream(taskId).get(0).payload();
        assertThat(stored.get("organizationId").asText()).isEqualTo(organizationId);
        assertThat(stored.get("createdBy").asText()).isEqualTo(userId);
        assertThat(Instant.parse(stored.get("createdAt").asText())).isEqualTo(Instant.parse(task.get("createdAt").asText()));
        assertThat(stream(chosenTaskId)).isEmpty();
        assertThat(eventsMentioning(otherOrganization)).isZero();
        // the aggregate's own view after a harmless edit: still open, still the caller's organization
        ResponseEntity<String> edited = exchange(HttpMethod.PATCH, "/workflow/tasks/" + taskId,
                Map.of("description", "checked"), headers(organizationId, userId));
        assertThat(edited.getStatusCode().value()).as(edited.getBody()).isEqualTo(200);
        assertThat(read(edited.getBody()).get("status").asText()).isEqualTo("OPEN");
        assertThat(read(edited.getBody()).get("organizationId").asText()).isEqualTo(organizationId);
        assertThat(read(edited.getBody()).get("version").asLong()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private record Hostile(String contentType, byte[] body, int status, String detail) {
    }

    private long storedEvents() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    private HttpResponse<String> send(String method, String path, String credential, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-User-Id", userId)
                .header("X-Organization-Id", organizationId)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (credential != null) {
            request.header(ServiceCredentialForTests.HEADER, credential);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return exchange(request.build());
    }

    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return RAW.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).as(response.body()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).as(response.body()).contains(detail);
        assertThat(problem.path("correlationId").asText()).as(response.body()).isNotBlank();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return read(response.body());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
