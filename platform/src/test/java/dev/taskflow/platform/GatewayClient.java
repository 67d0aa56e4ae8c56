package dev.taskflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An HTTP client of the platform: of its gateway, as API clients use it, or of one service's own port, as operators do. */
final class GatewayClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String gatewayUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    GatewayClient(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    /** A user of identity-service and an access token for them. */
    record User(String userId, String username, String token) {
    }

    String signUpAndLogIn(String username) {
        return signUp(username).token();
    }

    User signUp(String username) {
        String credentials = "{\"username\":\"" + username + "\",\"password\":\"correct-horse-1\"";
        HttpResponse<String> signUp = send("POST", "/auth/users", null, null, credentials + ",\"displayName\":\"Tester\"}");
        assertThat(signUp.statusCode()).isEqualTo(201);
        HttpResponse<String> token = send("POST", "/auth/token", null, null, credentials + "}");
        assertThat(token.statusCode()).isEqualTo(200);
        return new User(json(signUp).get("userId").asText(), username, json(token).get("accessToken").asText());
    }

    HttpResponse<String> send(String method, String path, String token, String organizationId, String body) {
        return send(method, path, token, organizationId, body, null);
    }

    HttpResponse<String> send(String method, String path, String token, String organizationId, String body,
                              String correlationId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (organizationId != null) {
            request.header("X-Organization-Id", organizationId);
        }
        if (correlationId != null) {
            request.header("X-Correlation-ID", correlationId);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(response.body(), e);
        }
    }
}
