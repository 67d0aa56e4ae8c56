package dev.taskflow.platform;

import static dev.taskflow.platform.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskflow.platform.GatewayClient.User;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * OWASP API1 (object level) and API3 (property level) through the gateway of the whole platform. Mallory owns
 * an organization of her own, so she holds every role there; each probe has her reach for the victim
 * organization's objects and asserts the answer is the one for an object that does not exist (same status,
 * same body once ids are blanked), and that what she can list holds nothing of the victim's. The probes are
 * keyed by the operations of the services' OpenAPI documents: an operation without a probe fails
 * {@link #everyDocumentedOperationHasAProbe()}, so a new endpoint cannot ship without one. At the end the
 * victim's data is compared with what it was before the probes.
 */
class TenantIsolationIT extends PlatformIntegrationTest {

    /** The services whose OpenAPI documents list the operations to probe. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> SERVICES = List.of("identity-service", "organization-service", "billing-service",
            "command-side", "query-side", "audit-projection", "analytics-projection", "notification-projection");

    static Victim victim;
    static Attacker mallory;
    static WebhookReceiver receiver;

    /** Organization A: alice owns it, bob is a member and was assigned a task, which notified him. */
    record Victim(User alice, User bob, String organizationId, String projectId, String taskId, String correlationId,
                  String notificationId, String webhookId) {
    }

    /** Mallory owns organization M, with a project and a task of her own. */
    record Attacker(User user, String organizationId, String projectId, String taskId) {
    }

    @BeforeAll
    static void twoOrganizations() {
        receiver = WebhookReceiver.start();
        GatewayClient gateway = new GatewayClient(platform.gatewayUrl());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        User alice = gateway.signUp("alice-" + suffix);
        User bob = gateway.signUp("bob-" + suffix);
        String org = json(gateway.send("POST", "/organizations", alice.token(), null, "{\"name\":\"Victim\"}"))
                .get("organizationId").asText();
        assertThat(gateway.send("POST", "/organizations/" + org + "/members", alice.token(), org,
                "{\"userId\":\"" + bob.userId() + "\",\"role\":\"MEMBER\"}").statusCode()).isEqualTo(201);
        assertThat(gateway.send("PUT", "/notifications/settings", bob.token(), null,
                "{\"email\":\"bob-" + suffix + "@victim.example\",\"channels\":[]}").statusCode()).isEqualTo(200);
        String project = json(await().atMost(RECOVERY).until(() -> gateway.send("POST", "/workflow/projects",
                alice.token(), org, "{\"name\":\"Secret plans\"}"), r -> r.statusCode() == 201)).get("projectId").asText();
        String correlationId = "victim-" + suffix;
        HttpResponse<String> created = gateway.send("POST", "/workflow/tasks", alice.token(), org,
                "{\"projectId\":\"" + project + "\",\"title\":\"Confidential\"}", correlationId);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String task = json(created).get("taskId").asText();
        for (int i = 0; i < 2; i++) {
            assertThat(gateway.send("POST", "/workflow/tasks", alice.token(), org,
                    "{\"projectId\":\"" + project + "\",\"title\":\"More " + i + "\"}").statusCode()).isEqualTo(201);
        }
        HttpResponse<String> assigned = await().atMost(RECOVERY).until(() -> gateway.send("PUT",
                "/workflow/tasks/" + task + "/assignee", alice.token(), org, "{\"assigneeId\":\"" + bob.userId() + "\"}"),
                r -> r.statusCode() == 200);
        assertThat(json(assigned).get("assigneeId").asText()).isEqualTo(bob.userId());
        String webhook = json(await().atMost(RECOVERY).until(() -> gateway.send("POST", "/notifications/webhooks",
                alice.token(), org, "{\"url\":\"" + receiver.url() + "\"}"), r -> r.statusCode() == 201)).get("id").asText();
        String notification = json(await().atMost(RECOVERY).until(() -> gateway.send("GET", "/notifications",
                bob.token(), null, null), r -> r.statusCode() == 200 && !json(r).get("items").isEmpty()))
                .get("items").get(0).get("id").asText();
        victim = new Victim(alice, bob, org, project, task, correlationId, notification, webhook);

        Owner attacker = newOwner("mallory");
        User user = attacker.user();
        String own = attacker.organizationId();
        String ownProject = attacker.projectId();
        String ownTask = json(gateway.send("POST", "/workflow/tasks", user.token(), own,
                "{\"projectId\":\"" + ownProject + "\",\"title\":\"Mine\"}")).get("taskId").asText();
        mallory = new Attacker(user, own, ownProject, ownTask);

        // every projection has caught up, so that "nothing of the victim's is listed" is not an accident of timing
        await().atMost(RECOVERY).until(() -> json(gateway.send("GET", "/audit/records?entityId=" + task, alice.token(),
                org, null)).size() >= 2);
        await().atMost(RECOVERY).until(() -> gateway.send("GET", "/workflow/tasks/" + ownTask, user.token(), own, null)
                .statusCode() == 200 && createdToday(gateway, alice.token(), org) == 3
                && createdToday(gateway, user.token(), own) == 1);
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void everyDocumentedOperationHasAProbe() {
        Set<String> documented = new TreeSet<>();
        for (String service : SERVICES) {
            HttpResponse<String> docs = new InstanceClient(platform.port(service), platform.serviceCredential())
                    .sendUp("GET", "/v3/api-docs", null, null, null);
            assertThat(docs.statusCode()).as(service + " " + docs.body()).isEqualTo(200);
            json(docs).get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                    .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        }
        assertThat(documented).hasSizeGreaterThan(40);
        assertThat(probes().keySet()).containsExactlyInAnyOrderElementsOf(documented);
    }

    @TestFactory
    Stream<DynamicTest> eachOperationTreatsAnotherOrganizationsObjectsAsMissing() {
        Snapshot before = Snapshot.take(gateway, victim);
        List<DynamicTest> tests = new ArrayList<>();
        probes().forEach((operation, probe) -> tests.add(DynamicTest.dynamicTest(operation, probe::run)));
        tests.add(DynamicTest.dynamicTest("the victim's data is as it was", () -> {
            assertThat(Snapshot.take(gateway, victim)).isEqualTo(before);
            assertThat(receiver.calls()).isEmpty();
        }));
        return tests.stream();
    }

    interface Probe {
        void run();
    }

    /** Operation ("METHOD /path" as in OpenAPI) to its probe. */
    private Map<String, Probe> probes() {
        Map<String, Probe> probes = new LinkedHashMap<>();
        String a = victim.organizationId();
        String m = mallory.organizationId();
        String bob = victim.bob().userId();

        // identity: no organization data, but nothing about other users either
        probes.put("POST /auth/users", () -> {
            String name = "eve-" + UUID.randomUUID().toString().substring(0, 8);
            HttpResponse<String> signUp = send("POST", "/auth/users", null, null, "{\"username\":\"" + name
                    + "\",\"password\":\"correct-horse-1\",\"displayName\":\"Eve\",\"userId\":\"" + bob
                    + "\",\"roles\":[\"platform-operator\"]}");
            assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(201);
            assertThat(json(signUp).get("userId").asText()).isNotEqualTo(bob);
            HttpResponse<String> token = send("POST", "/auth/token", null, null,
                    "{\"username\":\"" + name + "\",\"password\":\"correct-horse-1\"}");
            String eve = json(token).get("accessToken").asText();
            assertThat(send("GET", "/admin/processors", eve, null, null).statusCode()).isEqualTo(403);
        });
        probes.put("POST /auth/token", () -> sameAsMissing(
                id -> send("POST", "/auth/token", null, null, "{\"username\":\"" + id + "\",\"password\":\"wrong-horse-1\"}"),
                victim.bob().username(), "nobody-" + UUID.randomUUID().toString().substring(0, 8)));
        probes.put("POST /auth/validate", () -> {
            HttpResponse<String> validated = send("POST", "/auth/validate", mallory.user().token(), null, null);
            assertThat(validated.statusCode()).isEqualTo(200);
            assertThat(json(validated).get("userId").asText()).isEqualTo(mallory.user().userId());
        });
        Probe publicKeysOnly = () -> {
            HttpResponse<String> keys = new InstanceClient(platform.port("identity-service"), platform.serviceCredential())
                    .sendUp("GET", "/.well-known/jwks.json", null, null, null);
            assertThat(keys.statusCode()).isEqualTo(200);
            json(keys).get("keys").forEach(key -> assertThat(key.has("d") || key.has("p") || key.has("q")).isFalse());
            assertThat(send("GET", "/auth/jwks.json", mallory.user().token(), null, null).body()).isEqualTo(keys.body());
        };
        probes.put("GET /auth/jwks.json", publicKeysOnly);
        probes.put("GET /.well-known/jwks.json", publicKeysOnly);

        // organization-service and billing-service: the organization is in the path
        probes.put("POST /organizations", () -> {
            HttpResponse<String> created = send("POST", "/organizations", mallory.user().token(), a,
                    "{\"name\":\"Takeover\",\"organizationId\":\"" + a + "\",\"plan\":\"ENTERPRISE\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(json(created).get("organizationId").asText()).isNotEqualTo(a);
        });
        probes.put("POST /organizations/{organizationId}/members", () -> sameAsMissing(org -> asMallory("POST",
                "/organizations/" + org + "/members", m, "{\"userId\":\"" + mallory.user().userId() + "\",\"role\":\"OWNER\"}"),
                a, missingId()));
        probes.put("DELETE /organizations/{organizationId}/members/{userId}", () -> sameAsMissing(org -> asMallory(
                "DELETE", "/organizations/" + org + "/members/" + bob, org, null), a, missingId()));
        probes.put("GET /organizations/{organizationId}/members", () -> sameAsMissing(org -> asMallory(
                "GET", "/organizations/" + org + "/members", org, null), a, missingId()));
        probes.put("PUT /billing/organizations/{organizationId}/plan", () -> sameAsMissing(org -> asMallory(
                "PUT", "/billing/organizations/" + org + "/plan", org, "{\"plan\":\"FREE\"}"), a, missingId()));
        probes.put("GET /billing/organizations/{organizationId}/entitlements", () -> sameAsMissing(org -> asMallory(
                "GET", "/billing/organizations/" + org + "/entitlements", m, null), a, missingId()));

        // command side: the victim's organization as the active one, and the victim's objects from her own
        probes.put("POST /workflow/projects", () -> sameAsMissing(org -> asMallory(
                "POST", "/workflow/projects", org, "{\"name\":\"Planted\"}"), a, missingId()));
        probes.put("POST /workflow/tasks", () -> {
            sameAsMissing(org -> asMallory("POST", "/workflow/tasks", org,
                    "{\"projectId\":\"" + victim.projectId() + "\",\"title\":\"Planted\"}"), a, missingId());
            sameAsMissing(project -> asMallory("POST", "/workflow/tasks", m,
                    "{\"projectId\":\"" + project + "\",\"title\":\"Planted\"}"), victim.projectId(), missingId());
        });
        taskCommand(probes, "PATCH /workflow/tasks/{taskId}", "PATCH", "", "{\"title\":\"Defaced\"}");
        taskCommand(probes, "PUT /workflow/tasks/{taskId}/assignee", "PUT", "/assignee",
                "{\"assigneeId\":\"" + mallory.user().userId() + "\"}");
        taskCommand(probes, "DELETE /workflow/tasks/{taskId}/assignee", "DELETE", "/assignee", null);
        taskCommand(probes, "POST /workflow/tasks/{taskId}/complete", "POST", "/complete", null);
        taskCommand(probes, "POST /workflow/tasks/{taskId}/reopen", "POST", "/reopen", null);
        taskCommand(probes, "POST /workflow/tasks/{taskId}/archive", "POST", "/archive", null);

        // query side
        probes.put("GET /workflow/tasks/{taskId}", () -> {
            sameAsMissing(task -> asMallory("GET", "/workflow/tasks/" + task, m, null), victim.taskId(), missingId());
            sameAsMissing(org -> asMallory("GET", "/workflow/tasks/" + victim.taskId(), org, null), a, missingId());
        });
        probes.put("GET /workflow/tasks", () -> {
            sameAsMissing(project -> asMallory("GET", "/workflow/tasks?projectId=" + project, m, null),
                    victim.projectId(), missingId());
            sameAsMissing(user -> asMallory("GET", "/workflow/tasks?assigneeId=" + user, m, null), bob, missingId());
            sameAsMissing(org -> asMallory("GET", "/workflow/tasks", org, null), a, missingId());
            assertThat(ids(asMallory("GET", "/workflow/tasks?size=100", m, null), "items", "taskId"))
                    .containsExactly(mallory.taskId());
        });
        probes.put("GET /workflow/tasks/mine", () -> sameAsMissing(org -> asMallory(
                "GET", "/workflow/tasks/mine", org, null), a, missingId()));
        probes.put("GET /workflow/projects/{projectId}/task-counts", () -> {
            sameAsMissing(project -> asMallory("GET", "/workflow/projects/" + project + "/task-counts", m, null),
                    victim.projectId(), missingId());
            sameAsMissing(org -> asMallory("GET", "/workflow/projects/" + victim.projectId() + "/task-counts", org, null),
                    a, missingId());
        });
        probes.put("GET /workflow/projects", () -> {
            sameAsMissing(org -> asMallory("GET", "/workflow/projects", org, null), a, missingId());
            assertThat(ids(asMallory("GET", "/workflow/projects", m, null), "items", "projectId"))
                    .containsExactly(mallory.projectId());
        });

        // audit and analytics
        probes.put("GET /audit/records", () -> {
            sameAsMissing(entity -> asMallory("GET", "/audit/records?entityId=" + entity, m, null), victim.taskId(), missingId());
            sameAsMissing(correlation -> asMallory("GET", "/audit/records?correlationId=" + correlation, m, null),
                    victim.correlationId(), "nobody-" + UUID.randomUUID());
            sameAsMissing(org -> asMallory("GET", "/audit/records?entityId=" + victim.taskId(), org, null), a, missingId());
        });
        probes.put("GET /admin/audit/correlations/{correlationId}", () -> sameAsMissing(correlation -> asMallory(
                "GET", "/admin/audit/correlations/" + correlation, m, null), victim.correlationId(), "nobody"));
        probes.put("GET /analytics/tasks-per-day", () -> {
            sameAsMissing(org -> asMallory("GET", "/analytics/tasks-per-day", org, null), a, missingId());
            assertThat(createdToday(gateway, mallory.user().token(), m)).isEqualTo(1);
        });
        probes.put("GET /analytics/cycle-time", () -> sameAsMissing(org -> asMallory(
                "GET", "/analytics/cycle-time", org, null), a, missingId()));

        // notifications: the user's own, and the active organization's webhooks
        probes.put("GET /notifications", () -> {
            HttpResponse<String> inbox = asMallory("GET", "/notifications", a, null);
            assertThat(inbox.statusCode()).isEqualTo(200);
            assertThat(json(inbox).get("totalItems").asLong()).isZero();
        });
        probes.put("POST /notifications/{id}/read", () -> sameAsMissing(id -> asMallory(
                "POST", "/notifications/" + id + "/read", a, null), victim.notificationId(), missingId()));
        probes.put("GET /notifications/settings", () -> {
            HttpResponse<String> settings = asMallory("GET", "/notifications/settings", a, null);
            assertThat(settings.statusCode()).isEqualTo(200);
            assertThat(settings.body()).doesNotContain("victim.example");
        });
        probes.put("PUT /notifications/settings", () -> {
            HttpResponse<String> settings = asMallory("PUT", "/notifications/settings", a,
                    "{\"email\":\"mallory@attacker.example\",\"channels\":[\"EMAIL\"],\"userId\":\"" + bob + "\"}");
            assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
        });
        probes.put("POST /notifications/webhooks", () -> sameAsMissing(org -> asMallory(
                "POST", "/notifications/webhooks", org, "{\"url\":\"https://attacker.example/hook\"}"), a, missingId()));
        probes.put("GET /notifications/webhooks", () -> {
            sameAsMissing(org -> asMallory("GET", "/notifications/webhooks", org, null), a, missingId());
            assertThat(json(asMallory("GET", "/notifications/webhooks", m, null))).isEmpty();
        });
        probes.put("DELETE /notifications/webhooks/{id}", () -> sameAsMissing(id -> asMallory(
                "DELETE", "/notifications/webhooks/" + id, m, null), victim.webhookId(), missingId()));
        probes.put("GET /notifications/webhooks/{id}/deliveries", () -> sameAsMissing(id -> asMallory(
                "GET", "/notifications/webhooks/" + id + "/deliveries", m, null), victim.webhookId(), missingId()));

        // the operator API: an organization's owner is not a platform operator, whatever she names
        operatorOnly(probes, "GET", "/admin/processors", null);
        operatorOnly(probes, "GET", "/admin/processors/{name}", "audit-trail");
        operatorOnly(probes, "POST", "/admin/processors/{name}/pause", "audit-trail");
        operatorOnly(probes, "POST", "/admin/processors/{name}/resume", "audit-trail");
        operatorOnly(probes, "POST", "/admin/processors/{name}/segments/{segment}/release", "audit-trail");
        operatorOnly(probes, "GET", "/admin/projections/{name}", "audit-trail");
        operatorOnly(probes, "POST", "/admin/projections/{name}/replay", "audit-trail");
        operatorOnly(probes, "POST", "/admin/projections/{name}/rebuild", "audit-trail");
        operatorOnly(probes, "POST", "/admin/projections/{name}/rebuild/swap", "audit-trail");
        operatorOnly(probes, "POST", "/admin/projections/{name}/rebuild/cancel", "audit-trail");
        operatorOnly(probes, "GET", "/admin/outbox", null);
        operatorOnly(probes, "GET", "/admin/dead-letters", null);
        operatorOnly(probes, "POST", "/admin/dead-letters/replay", null);
        operatorOnly(probes, "DELETE", "/admin/dead-letters", null);
        operatorOnly(probes, "GET", "/admin/dlq/{consumer}", "audit");
        operatorOnly(probes, "POST", "/admin/dlq/{consumer}/{id}/retry", "audit");
        operatorOnly(probes, "POST", "/admin/dlq/{consumer}/retry-all", "audit");
        operatorOnly(probes, "POST", "/admin/dlq/{consumer}/{id}/discard", "audit");
        return probes;
    }

    private void taskCommand(Map<String, Probe> probes, String operation, String method, String suffix, String body) {
        probes.put(operation, () -> {
            sameAsMissing(task -> asMallory(method, "/workflow/tasks/" + task + suffix, mallory.organizationId(), body),
                    victim.taskId(), missingId());
            sameAsMissing(org -> asMallory(method, "/workflow/tasks/" + victim.taskId() + suffix, org, body),
                    victim.organizationId(), missingId());
        });
    }

    private void operatorOnly(Map<String, Probe> probes, String method, String template, String name) {
        probes.put(method + " " + template, () -> {
            String path = template.replace("{name}", name == null ? "" : name).replace("{consumer}", name == null ? "" : name)
                    .replace("{segment}", "0");
            sameAsMissing(id -> {
                HttpResponse<String> answer = asMallory(method, path.replace("{id}", id), victim.organizationId(), null);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
                return answer;
            }, UUID.randomUUID().toString(), missingId());
        });
    }

    interface Call {
        HttpResponse<String> to(String id);
    }

    /**
     * The answer for the victim's id and for an id nobody has are the same: status, and body once both ids
     * (and what differs per request anyway) are blanked.
     */
    private static void sameAsMissing(Call call, String victimsId, String missingId) {
        HttpResponse<String> victims = call.to(victimsId);
        HttpResponse<String> missing = call.to(missingId);
        assertThat(victims.statusCode()).as("%s answered %s", victimsId, victims.body()).isLessThan(500);
        assertThat(victims.statusCode()).as("victim's %s vs missing %s: %s | %s", victimsId, missingId,
                victims.body(), missing.body()).isEqualTo(missing.statusCode());
        assertThat(blanked(victims.body(), victimsId)).isEqualTo(blanked(missing.body(), missingId));
        assertThat(victims.headers().firstValue("Content-Type")).isEqualTo(missing.headers().firstValue("Content-Type"));
    }

    private static String blanked(String body, String id) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.replace(id, "<id>");
        try {
            JsonNode tree = JSON.readTree(text);
            strip(tree, Set.of("correlationId", "instance", "traceId", "timestamp"));
            return tree.toString();
        } catch (JsonProcessingException notJson) {
            return text;
        }
    }

    private static void strip(JsonNode node, Set<String> names) {
        if (node instanceof ObjectNode object) {
            names.forEach(object::remove);
            object.elements().forEachRemaining(child -> strip(child, names));
        } else if (node != null && node.isArray()) {
            node.forEach(child -> strip(child, names));
        }
    }

    private HttpResponse<String> asMallory(String method, String path, String organizationId, String body) {
        return send(method, path, mallory.user().token(), organizationId, body);
    }

    private HttpResponse<String> send(String method, String path, String token, String organizationId, String body) {
        return gateway.send(method, path, token, organizationId, body);
    }

    private static String missingId() {
        return UUID.randomUUID().toString();
    }

    private static List<String> ids(HttpResponse<String> page, String items, String field) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(page).get(items).forEach(item -> ids.add(item.get(field).asText()));
        return ids;
    }

    static int createdToday(GatewayClient gateway, String token, String organizationId) {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        HttpResponse<String> response = gateway.send("GET", "/analytics/tasks-per-day?from=" + today + "&to=" + today,
                token, organizationId, null);
        if (response.statusCode() != 200) {
            return -1;
        }
        JsonNode days = json(response);
        return days.isEmpty() ? 0 : days.get(0).get("created").asInt();
    }

    /** What the victim has, as the victim sees it. */
    record Snapshot(String task, String members, String plan, String webhooks, String counts, String inbox,
                    String settings, String projects) {

        static Snapshot take(GatewayClient gateway, Victim victim) {
            String alice = victim.alice().token();
            String org = victim.organizationId();
            return new Snapshot(
                    body(gateway.send("GET", "/workflow/tasks/" + victim.taskId(), alice, org, null)),
                    body(gateway.send("GET", "/organizations/" + org + "/members", alice, org, null)),
                    body(gateway.send("GET", "/billing/organizations/" + org + "/entitlements", alice, org, null)),
                    body(gateway.send("GET", "/notifications/webhooks", alice, org, null)),
                    body(gateway.send("GET", "/workflow/projects/" + victim.projectId() + "/task-counts", alice, org, null)),
                    body(gateway.send("GET", "/notifications", victim.bob().token(), null, null)),
                    body(gateway.send("GET", "/notifications/settings", victim.bob().token(), null, null)),
                    body(gateway.send("GET", "/workflow/projects", alice, org, null)));
        }

        private static String body(HttpResponse<String> response) {
            assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(200);
            return json(response).toString();
        }
    }
}
