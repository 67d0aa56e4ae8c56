package dev.taskflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskflow.infra.ServiceCredentialForTests;
import dev.taskflow.infra.TestInfrastructure;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One running service on a random port against the shared embedded PostgreSQL. Every subclass has
 * the same configuration, so they all share one application context. The signing key lives under
 * target/, generated on the first run and reused afterwards.
 */
@Import(ServiceCredentialForTests.SentByTestRestTemplate.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=identity-service",
        "taskflow.identity.token.signing-key-file=target/identity-it/signing-key.pem",
        "taskflow.identity.token.generate-key-if-missing=true"})
public abstract class IdentityIntegrationTest {

    protected static final String PASSWORD = "correct horse battery";

    /**
     * Named in {@code taskflow.identity.operators} (in other letter case, between blanks and an empty
     * entry); fresh per run like every test user.
     */
    protected static final String OPERATOR = "operator-" + UUID.randomUUID().toString().substring(0, 13);

    @Autowired
    protected TestRestTemplate http;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected ObjectMapper json;

    @DynamicPropertySource
    static void db(DynamicPropertyRegistry r) {
        TestInfrastructure.registerPostgres(r, "identity");
        ServiceCredentialForTests.register(r);
        r.add("taskflow.identity.operators", () -> " " + OPERATOR.toUpperCase() + " ,, not-signed-up-" + OPERATOR);
    }

    /** Fresh per test, so tests never see each other's users. */
    protected static String newUsername() {
        return "user-" + UUID.randomUUID().toString().substring(0, 13);
    }

    protected ResponseEntity<JsonNode> post(String path, String jsonBody, HttpHeaders headers) {
        HttpHeaders all = new HttpHeaders();
        all.putAll(headers);
        if (jsonBody != null) {
            all.setContentType(MediaType.APPLICATION_JSON);
        }
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(jsonBody, all), JsonNode.class);
    }

    protected ResponseEntity<JsonNode> post(String path, Object body) {
        return post(path, write(body), new HttpHeaders());
    }

    protected String signUp(String username, String password, String displayName) {
        ResponseEntity<JsonNode> created = post("/auth/users",
                Map.of("username", username, "password", password, "displayName", displayName));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().get("userId").asText();
    }

    protected String tokenFor(String username, String password) {
        ResponseEntity<JsonNode> token = post("/auth/token", Map.of("username", username, "password", password));
        assertThat(token.getStatusCode()).isEqualTo(HttpStatus.OK);
        return token.getBody().get("accessToken").asText();
    }

    protected ResponseEntity<JsonNode> validateWithHeader(String authorization) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, authorization);
        return post("/auth/validate", null, headers);
    }

    protected static void assertProblem(ResponseEntity<JsonNode> response, HttpStatus status) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isNotNull()
                .matches(type -> type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON), "is application/problem+json");
        assertThat(response.getBody().get("status").asInt()).isEqualTo(status.value());
        assertThat(response.getBody().get("correlationId").asText()).isNotBlank();
    }

    protected String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
