package dev.taskflow.platform;

import static dev.taskflow.platform.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator API through the gateway: only platform operators get in; they see every processor of
 * every service, rebuild projections from Kafka, and read the dead letters.
 */
class PlatformOperationsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String OPERATOR = "ops-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path data;
    static Platform platform;
    static String operator;
    private final GatewayClient gateway = new GatewayClient(platform.gatewayUrl());

    @BeforeAll
    static void startPlatform() {
        // identity-service reads its operators from IDENTITY_OPERATORS (a placeholder in its configuration)
        System.setProperty("IDENTITY_OPERATORS", OPERATOR);
        platform = Platform.start(PlatformSettings.anyPorts(data));
        operator = new GatewayClient(platform.gatewayUrl()).signUpAndLogIn(OPERATOR);
    }

    @AfterAll
    static void stopPlatform() {
        System.clearProperty("IDENTITY_OPERATORS");
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void onlyOperatorsGetInAndTheySeeEveryProcessorOfEveryService() {
        String member = gateway.signUpAndLogIn("member-" + UUID.randomUUID().toString().substring(0, 8));
        HttpResponse<String> refused = gateway.send("GET", "/admin/processors", member, null, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(gateway.send("POST", "/admin/projections/audit-trail/replay", member, null, null).statusCode())
                .isEqualTo(403);
        assertThat(gateway.send("GET", "/admin/processors", null, null, null).statusCode()).isEqualTo(401);

        JsonNode overview = json(gateway.send("GET", "/admin/processors", operator, null, null));
        List<String> processors = new ArrayList<>();
        overview.get("services").forEach(service -> {
            assertThat(service.get("status").asText()).as(service.toString()).isEqualTo("UP");
            service.get("processors").forEach(p -> processors.add(service.get("service").asText() + "/" + p.get("name").asText()));
        });
        assertThat(processors).contains("audit/audit-trail", "analytics/tasks-per-day", "query-side/task-view",
                "command-side/kafka-publisher", "command-side/membership-cache", "billing/billing-subscription-starter");
        JsonNode dlq = json(gateway.send("GET", "/admin/dlq/audit", operator, null, null));
        assertThat(dlq.get("consumer").asText()).isEqualTo("audit");
        assertThat(dlq.get("letters").isArray()).isTrue();
    }

    @Test
    void replaysAreSwitchedOffUntilTheyAreReliable() {
        HttpResponse<String> refused = gateway.send("POST", "/admin/projections/audit-trail/replay", operator, null, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).get("detail").asText()).contains("switched off");
    }

}
