package dev.taskflow.platform;

import static dev.taskflow.platform.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The whole embedded platform on free ports, started once per test class, reached through its gateway. */
abstract class PlatformIntegrationTest {

    @TempDir
    static Path data;
    static Platform platform;

    /** How long a part of the platform may take to catch up after a fault, on a loaded machine. */
    static final Duration RECOVERY = Duration.ofSeconds(180);

    final GatewayClient gateway = new GatewayClient(platform.gatewayUrl());

    /** A username identity-service makes a platform operator (the account is not created up front). */
    static final String OPERATOR = "ops-" + UUID.randomUUID().toString().substring(0, 8);

    private static final List<String> classProperties = new ArrayList<>();

    @BeforeAll
    static void startPlatform(TestInfo test) {
        // identity-service reads its operators from IDENTITY_OPERATORS, a placeholder in its configuration
        System.setProperty("IDENTITY_OPERATORS", OPERATOR);
        test.getTestClass().map(type -> type.getAnnotation(PlatformProperties.class)).ifPresent(properties -> {
            for (String property : properties.value()) {
                String[] pair = property.split("=", 2);
                System.setProperty(pair[0], pair[1]);
                classProperties.add(pair[0]);
            }
        });
        platform = Platform.start(PlatformSettings.anyPorts(data));
    }

    @AfterAll
    static void stopPlatform() {
        System.clearProperty("IDENTITY_OPERATORS");
        classProperties.forEach(System::clearProperty);
        classProperties.clear();
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }

    record Tenant(String token, String organizationId, String projectId) {
    }

    /** A user who owns an organization of their own with one project. */
    record Owner(GatewayClient.User user, String organizationId, String projectId) {
    }

    Tenant newTenant() {
        Owner owner = newOwner("fault");
        return new Tenant(owner.user().token(), owner.organizationId(), owner.projectId());
    }

    /** Signs up {@code prefix}-something, who creates an organization and (once the membership arrived) a project. */
    static Owner newOwner(String prefix) {
        GatewayClient gateway = new GatewayClient(platform.gatewayUrl());
        GatewayClient.User user = gateway.signUp(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        String organizationId = json(gateway.send("POST", "/organizations", user.token(), null,
                "{\"name\":\"" + prefix + "'s\"}")).get("organizationId").asText();
        HttpResponse<String> project = await().atMost(RECOVERY).until(() -> gateway.send("POST", "/workflow/projects",
                user.token(), organizationId, "{\"name\":\"First\"}"), r -> r.statusCode() == 201);
        return new Owner(user, organizationId, json(project).get("projectId").asText());
    }

    /** Creates tasks and returns the ids of those the platform acknowledged with 201. */
    List<String> createTasks(Tenant tenant, int count) {
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = gateway.send("POST", "/workflow/tasks", tenant.token(), tenant.organizationId(),
                    "{\"projectId\":\"" + tenant.projectId() + "\",\"title\":\"Task " + i + "\"}");
            if (response.statusCode() == 201) {
                accepted.add(json(response).get("taskId").asText());
            }
        }
        return accepted;
    }

    /** The ids the query side lists for the tenant's project. */
    List<String> tasksOf(Tenant tenant) {
        HttpResponse<String> page = await().atMost(RECOVERY).until(
                () -> get("/workflow/tasks?projectId=" + tenant.projectId() + "&size=100", tenant), r -> r.statusCode() == 200);
        List<String> ids = new ArrayList<>();
        json(page).get("items").forEach(item -> ids.add(item.get("taskId").asText()));
        return ids;
    }

    void assertEachTaskExactlyOnceEverywhere(Tenant tenant, List<String> accepted) {
        for (String taskId : accepted) {
            await().atMost(RECOVERY).until(() -> get("/workflow/tasks/" + taskId, tenant).statusCode() == 200);
            HttpResponse<String> audit = await().atMost(RECOVERY).until(
                    () -> get("/audit/records?entityId=" + taskId, tenant),
                    r -> r.statusCode() == 200 && json(r).size() >= 1);
            assertThat(json(audit)).hasSize(1);
            assertThat(json(audit).get(0).get("eventType").asText()).isEqualTo("TaskCreated");
        }
        await().atMost(RECOVERY).until(() -> tasksOf(tenant).size() == accepted.size());
        assertThat(tasksOf(tenant)).containsExactlyInAnyOrderElementsOf(accepted);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        await().atMost(RECOVERY).until(() -> createdToday(tenant, today) == accepted.size());
    }

    int createdToday(Tenant tenant, String today) {
        HttpResponse<String> response = get("/analytics/tasks-per-day?from=" + today + "&to=" + today, tenant);
        if (response.statusCode() != 200) {
            return -1;
        }
        JsonNode days = json(response);
        return days.isEmpty() ? 0 : days.get(0).get("created").asInt();
    }

    HttpResponse<String> get(String path, Tenant tenant) {
        return gateway.send("GET", path, tenant.token(), tenant.organizationId(), null);
    }
}
