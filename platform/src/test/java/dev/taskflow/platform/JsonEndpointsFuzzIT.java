package dev.taskflow.platform;

import static dev.taskflow.platform.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.taskflow.platform.GatewayClient.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jazzer against every endpoint that reads a JSON body, through the gateway of the whole platform: whatever
 * the body (raw bytes, or JSON of the endpoint's fields with values of any type and shape) and whatever the
 * id in the path, the answer is never a 5xx. Runs in fuzzing mode in its own JVM (platform/pom.xml) for
 * {@code maxDuration}, guided by the coverage of {@link JsonOf} (the services are not instrumented, see the
 * pom); without {@code JAZZER_FUZZ} it replays the inputs under
 * {@code src/test/resources/dev/taskflow/platform/JsonEndpointsFuzzITInputs} only.
 */
// Each sign-up hashes a password: at the production work factor the fuzzer would mostly wait for BCrypt. One user
// on one address sends all the fuzzer's requests: with the rate limits and the sign-in lockout in force, most
// answers would be 429 and say nothing about the endpoints (HostileRequestsIT tests those limits).
@PlatformProperties({"IDENTITY_BCRYPT_STRENGTH=4",
        "GATEWAY_RATE_LIMIT_USER_CAPACITY=1000000", "GATEWAY_RATE_LIMIT_USER_PER_SECOND=1000000",
        "GATEWAY_RATE_LIMIT_ORGANIZATION_CAPACITY=1000000", "GATEWAY_RATE_LIMIT_ORGANIZATION_PER_SECOND=1000000",
        "GATEWAY_RATE_LIMIT_ADDRESS_CAPACITY=1000000", "GATEWAY_RATE_LIMIT_ADDRESS_PER_SECOND=1000000",
        "IDENTITY_SIGN_IN_MAX_FAILURES_PER_ADDRESS=1000000000", "IDENTITY_SIGN_IN_MAX_FAILURES_PER_USER=1000000000"})
class JsonEndpointsFuzzIT extends PlatformIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<Integer, AtomicLong> STATUSES = new ConcurrentHashMap<>();

    static User owner;
    static String organizationId;
    static String projectId;
    static String taskId;

    /** A JSON endpoint: method, path with an optional {id}, and the fields its body knows. */
    enum Endpoint {
        SIGN_UP("POST", "/auth/users", false, "username", "password", "displayName"),
        SIGN_IN("POST", "/auth/token", false, "username", "password"),
        VALIDATE("POST", "/auth/validate", false, "token"),
        CREATE_ORGANIZATION("POST", "/organizations", true, "name"),
        ADD_MEMBER("POST", "/organizations/{org}/members", true, "userId", "role"),
        CHANGE_PLAN("PUT", "/billing/organizations/{org}/plan", true, "plan"),
        CREATE_PROJECT("POST", "/workflow/projects", true, "name"),
        CREATE_TASK("POST", "/workflow/tasks", true, "projectId", "title", "description", "priority"),
        EDIT_TASK("PATCH", "/workflow/tasks/{task}", true, "title", "description"),
        ASSIGN_TASK("PUT", "/workflow/tasks/{task}/assignee", true, "assigneeId"),
        SETTINGS("PUT", "/notifications/settings", true, "email", "channels"),
        WEBHOOK("POST", "/notifications/webhooks", true, "url");

        final String method;
        final String path;
        final boolean authenticated;
        final List<String> fields;

        Endpoint(String method, String path, boolean authenticated, String... fields) {
            this.method = method;
            this.path = path;
            this.authenticated = authenticated;
            this.fields = List.of(fields);
        }
    }

    @BeforeAll
    static void tenant() {
        Owner tenant = newOwner("fuzz");
        owner = tenant.user();
        organizationId = tenant.organizationId();
        projectId = tenant.projectId();
        GatewayClient gateway = new GatewayClient(platform.gatewayUrl());
        taskId = json(gateway.send("POST", "/workflow/tasks", owner.token(), organizationId,
                "{\"projectId\":\"" + projectId + "\",\"title\":\"Target\"}")).get("taskId").asText();
    }

    @AfterAll
    static void report() {
        // what the run reached: a fuzzer that only ever saw 400s would say little
        System.out.println("JsonEndpointsFuzzIT answers by status: " + new TreeMap<>(STATUSES));
    }

    @FuzzTest(maxDuration = "90s")
    void noJsonEndpointAnswersWithAServerError(FuzzedDataProvider data) {
        Endpoint endpoint = data.pickValue(Endpoint.values());
        String path = endpoint.path
                .replace("{org}", data.consumeBoolean() ? organizationId : segment(data))
                .replace("{task}", data.consumeBoolean() ? taskId : segment(data));
        byte[] body = data.consumeBoolean()
                ? JsonOf.fields(endpoint.fields, data, Map.of("projectId", projectId, "userId", owner.userId(),
                        "assigneeId", owner.userId(), "token", owner.token())).getBytes(StandardCharsets.UTF_8)
                : data.consumeRemainingAsBytes();

        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(endpoint.method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("X-Organization-Id", organizationId);
        if (endpoint.authenticated) {
            request.header("Authorization", "Bearer " + owner.token());
        }
        HttpResponse<String> answer;
        try {
            answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        STATUSES.computeIfAbsent(answer.statusCode(), s -> new AtomicLong()).incrementAndGet();
        assertThat(answer.statusCode()).as("%s %s with %s: %s", endpoint.method, path,
                new String(body, StandardCharsets.UTF_8), answer.body()).isLessThan(500);
    }

    private static String segment(FuzzedDataProvider data) {
        return URLEncoder.encode(data.consumeString(80), StandardCharsets.UTF_8).replace("+", "%20");
    }
}
