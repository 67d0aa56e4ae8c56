package dev.taskflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

class ServiceSurfaceIT extends IdentityIntegrationTest {

    @Test
    void openApiDescribesEveryEndpoint() {
        ResponseEntity<JsonNode> docs = http.getForEntity("/v3/api-docs", JsonNode.class);

        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode paths = docs.getBody().get("paths");
        assertThat(paths.has("/auth/users")).isTrue();
        assertThat(paths.has("/auth/token")).isTrue();
        assertThat(paths.has("/auth/validate")).isTrue();
        assertThat(paths.has("/auth/jwks.json")).isTrue();
        assertThat(paths.has("/.well-known/jwks.json")).isTrue();
    }

    @Test
    void swaggerUiIsServed() {
        ResponseEntity<String> ui = http.getForEntity("/swagger-ui/index.html", String.class);

        assertThat(ui.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ui.getBody()).contains("swagger-ui");
    }

    @Test
    void healthIsUpWithTheDatabase() {
        ResponseEntity<JsonNode> health = http.getForEntity("/actuator/health", JsonNode.class);

        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody().get("status").asText()).isEqualTo("UP");
    }
}
