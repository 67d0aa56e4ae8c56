package dev.taskflow.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One instance of a backend service called on its own port, with the service credential and the identity
 * headers the gateway would set after checking the token: how a test reaches a particular instance when
 * several run behind one gateway.
 * A failed connection is an {@link IOException}, so that a caller can tell "no answer" from any answer.
 */
final class InstanceClient {

    private final String baseUrl;
    private final String serviceCredential;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    InstanceClient(int port, String serviceCredential) {
        this.baseUrl = "http://localhost:" + port;
        this.serviceCredential = serviceCredential;
    }

    HttpResponse<String> send(String method, String path, String userId, String organizationId, String body)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("X-Service-Credential", serviceCredential);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (userId != null) {
            request.header("X-User-Id", userId);
        }
        if (organizationId != null) {
            request.header("X-Organization-Id", organizationId);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** For calls that must be answered: an instance that is up always answers. */
    HttpResponse<String> sendUp(String method, String path, String userId, String organizationId, String body) {
        try {
            return send(method, path, userId, organizationId, body);
        } catch (IOException e) {
            throw new IllegalStateException(baseUrl + path + " did not answer", e);
        }
    }
}
