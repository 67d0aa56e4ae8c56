package dev.taskflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The harness's own HTTP client of the gateway: set-up, probes and operator calls (the load itself is Gatling's). */
final class GatewayClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A status and a body; status 0 when the gateway could not be reached. */
    record Response(int status, String body) {
        JsonNode json() {
            try {
                return body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        String text(String field) {
            return json().path(field).asText(null);
        }
    }

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    GatewayClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(30));
    }

    private GatewayClient(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
    }

    /** The same gateway with another per-request timeout. */
    GatewayClient withTimeout(Duration requestTimeout) {
        return new GatewayClient(baseUrl, requestTimeout);
    }

    String baseUrl() {
        return baseUrl;
    }

    Response get(String path, String token, String organizationId) {
        return send("GET", path, token, organizationId, null, Map.of());
    }

    Response post(String path, String token, String organizationId, Object body) {
        return send("POST", path, token, organizationId, body, Map.of());
    }

    Response put(String path, String token, String organizationId, Object body) {
        return send("PUT", path, token, organizationId, body, Map.of());
    }

    Response send(String method, String path, String token, String organizationId, Object body,
                  Map<String, String> headers) {
        try {
            String json = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(timeout)
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (organizationId != null) {
                request.header("X-Organization-Id", organizationId);
            }
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(0, "interrupted");
        }
    }

    /** Signs a user up (a 409 for an existing name is fine: then it only logs in) and returns a token. */
    String signUpAndLogIn(String username, String password) {
        Response signUp = post("/auth/users", null, null,
                Map.of("username", username, "password", password, "displayName", username));
        if (signUp.status() != 201 && signUp.status() != 409) {
            throw new IllegalStateException("sign-up of " + username + ": " + signUp.status() + " " + signUp.body());
        }
        return logIn(username, password);
    }

    String logIn(String username, String password) {
        Response token = post("/auth/token", null, null, Map.of("username", username, "password", password));
        if (token.status() != 200) {
            throw new IllegalStateException("log-in of " + username + ": " + token.status() + " " + token.body());
        }
        return token.text("accessToken");
    }

    /** Whether the gateway answers HTTP at all (any status). */
    boolean answers() {
        return get("/actuator/health", null, null).status() != 0;
    }
}
