package dev.taskflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskflow.api.Role;
import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.TestInfrastructure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The command side on real PostgreSQL and Kafka, called as the gateway would call it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=command-side")
abstract class CommandSideIntegrationTest {

    static final Duration EVENTUALLY = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "workflow");
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;

    /** Gives {@code user} a role through Kafka, as organization-service would, and waits until the cache has it. */
    void becomeMember(String organization, String user, Role role) {
        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers())) {
            kafka.publish(new MemberAddedEvent(organization, user, role, user, Instant.now()), user);
        }
        await().atMost(EVENTUALLY).until(() -> jdbc.queryForObject(
                "select count(*) from membership_cache where organization_id = ? and user_id = ? and role = ?",
                Integer.class, organization, user, role.name()) == 1);
    }

    String createProject(String organization, String user) {
        ResponseEntity<String> response = post("/workflow/projects", Map.of("name", "Launch"), headers(organization, user));
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        return read(response.getBody()).get("projectId").asText();
    }

    JsonNode createTask(String organization, String user, String projectId) {
        ResponseEntity<String> response = post("/workflow/tasks", Map.of("projectId", projectId, "title", "A task"),
                headers(organization, user));
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        return read(response.getBody());
    }

    ResponseEntity<String> post(String path, Object body, HttpHeaders headers) {
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    static HttpHeaders headers(String organization, String user) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("X-User-Id", user);
        headers.set("X-Organization-Id", organization);
        return headers;
    }

    /** Events in the store whose payload mentions {@code text}. */
    int eventsMentioning(String text) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where convert_from(payload, 'UTF8') like ?",
                Integer.class, "%" + text + "%");
    }

    static JsonNode read(Object json) {
        try {
            return json instanceof byte[] bytes ? JSON.readTree(bytes) : JSON.readTree((String) json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
