package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
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

/** Seed §6: identity down means the request is rejected at the edge and no service sees it. */
// generous client timeout: these machines are shared and sometimes heavily loaded
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.config.name=api-gateway",
        "taskflow.security.service-credential=" + StubService.SERVICE_CREDENTIAL})
class IdentityUnavailableIT {

    static final StubService COMMAND_SIDE = new StubService("command-side",
            request -> StubService.Answer.json(201, "{}"));

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("taskflow.gateway.services.identity", StubService::deadAddress);
        registry.add("taskflow.gateway.services.command-side", COMMAND_SIDE::uri);
    }

    @AfterAll
    static void stopStubs() {
        COMMAND_SIDE.close();
    }

    @Autowired
    WebTestClient client;

    @Test
    void authenticatedRequestIsA503AndNothingIsForwarded() {
        String correlationId = "test-" + UUID.randomUUID();

        client.post().uri("/workflow/tasks")
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer valid.user-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"projectId\":\"p-1\",\"title\":\"t\"}")
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, correlationId)
                .expectBody()
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.correlationId").isEqualTo(correlationId);

        assertThat(COMMAND_SIDE.received()).isEmpty();
    }

    @Test
    void publicIdentityRouteIsA503Too() {
        String correlationId = "test-" + UUID.randomUUID();

        client.post().uri("/auth/token")
                .header(EdgeHeaders.CORRELATION_ID, correlationId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"username\":\"ada\",\"password\":\"secret\"}")
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(EdgeHeaders.CORRELATION_ID, correlationId)
                .expectBody().jsonPath("$.correlationId").isEqualTo(correlationId);
    }
}
