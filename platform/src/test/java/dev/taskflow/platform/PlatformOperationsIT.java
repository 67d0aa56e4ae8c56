package dev.taskflow.platform;

import static dev.taskflow.platform.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The operator API through the gateway: only platform operators get in; they see every processor of
 * every service, read the dead letters, and rebuild projections from Kafka while the platform serves.
 */
class PlatformOperationsIT extends PlatformIntegrationTest {

    /** Tasks created before the rebuilds start: with the platform's own events, over 10,000 on Kafka. */
    private static final int HISTORY_TENANTS = 8;
    private static final int HISTORY_TASKS_EACH = 1_250;

    static String operator;
    static WebhookReceiver webhooks;

    @BeforeAll
    static void logInOperatorAndReceiveWebhooks() {
        operator = new GatewayClient(platform.gatewayUrl()).signUpAndLogIn(OPERATOR);
        webhooks = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        if (webhooks != null) {
            webhooks.close();
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

    /**
     * Issue 5's acceptance test: over 10,000 events on Kafka, then audit and analytics are rebuilt into
     * shadow tables while tasks keep being created and read. Reads never fail or go back, the rebuilt
     * audit trail equals the live one before the swap, and afterwards every acknowledged task is counted
     * once in each. The writers also assign tasks, and the notification projection is rebuilt as well: each
     * assignment reaches the organization's webhook exactly once.
     */
    @Test
    void anOperatorRebuildsAuditAndAnalyticsFromKafkaWhileWritesAndReadsGoOn() throws Exception {
        List<Tenant> tenants = new ArrayList<>();
        Map<Tenant, List<String>> accepted = new ConcurrentHashMap<>();
        for (int i = 0; i < HISTORY_TENANTS; i++) {
            Tenant tenant = newTenant();
            accepted.put(tenant, Collections.synchronizedList(new ArrayList<>(upgradeToEnterprise(tenant))));
            tenants.add(tenant);
        }
        ExecutorService pool = Executors.newFixedThreadPool(HISTORY_TENANTS + 3);
        try {
            List<Future<?>> history = new ArrayList<>();
            for (Tenant tenant : tenants) {
                history.add(pool.submit(() -> accepted.get(tenant).addAll(createTasks(tenant, HISTORY_TASKS_EACH))));
            }
            for (Future<?> done : history) {
                done.get();
            }
            int created = accepted.values().stream().mapToInt(List::size).sum();
            assertThat(created).isGreaterThanOrEqualTo(HISTORY_TENANTS * HISTORY_TASKS_EACH);
            for (Tenant tenant : tenants) {
                await().atMost(RECOVERY).until(() -> analyticsCount(tenant) == accepted.get(tenant).size());
            }
            JdbcTemplate audit = platform.context("audit-projection").getBean(JdbcTemplate.class);
            await().atMost(RECOVERY).until(() -> taskRecords(audit) == created);

            // the writers' organizations want every assignment on a webhook
            List<String> assigned = Collections.synchronizedList(new ArrayList<>());
            for (Tenant tenant : tenants.subList(0, 2)) {
                registerWebhook(tenant);
            }

            // writers on two tenants and a reader on all of them run through the rebuilds and the swaps
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicBoolean reading = new AtomicBoolean(true);
            List<String> readProblems = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> writers = write(pool, tenants.subList(0, 2), accepted, assigned, writing);
            Future<?> reader = pool.submit(() -> read(tenants, accepted, reading, readProblems));

            HttpResponse<String> auditStarted = admin("POST", "/admin/projections/audit-trail/rebuild?swap=manual");
            assertThat(auditStarted.statusCode()).as(auditStarted.body()).isEqualTo(202);
            HttpResponse<String> notificationsStarted = admin("POST", "/admin/projections/notifications/replay");
            assertThat(notificationsStarted.statusCode()).as(notificationsStarted.body()).isEqualTo(202);
            HttpResponse<String> analyticsStarted = admin("POST", "/admin/projections/tasks-per-day/replay");
            assertThat(analyticsStarted.statusCode()).as(analyticsStarted.body()).isEqualTo(202);
            assertThat(json(analyticsStarted).get("rebuild").get("startedBy").asText()).isNotBlank();

            // analytics swaps itself in as soon as it has caught up, with the writers going on
            JsonNode analyticsDone = awaitRebuild("tasks-per-day", state -> state.equals("SWAPPED"));
            assertThat(analyticsDone.get("processed").asLong()).isGreaterThanOrEqualTo(created);
            assertThat(analyticsDone.get("progress").asDouble()).isEqualTo(1.0);

            awaitRebuild("notifications", state -> state.equals("SWAPPED"));

            // audit waits for the operator; before the swap its shadow equals the live trail, row for row
            JsonNode auditReady = awaitRebuild("audit-trail", state -> state.equals("READY"));
            assertThat(auditReady.get("processed").asLong()).isGreaterThan(created);
            writing.set(false);
            for (Future<?> writer : writers) {
                writer.get();
            }
            await().atMost(RECOVERY).until(() -> difference(audit, "audit_record", "audit_record__rebuild") == 0
                    && difference(audit, "audit_record__rebuild", "audit_record") == 0);
            assertThat(taskRecords(audit)).isEqualTo(accepted.values().stream().mapToInt(List::size).sum());

            writing.set(true);
            List<Future<?>> moreWriters = write(pool, tenants.subList(0, 2), accepted, assigned, writing);
            HttpResponse<String> swapped = admin("POST", "/admin/projections/audit-trail/rebuild/swap");
            assertThat(swapped.statusCode()).as(swapped.body()).isEqualTo(200);
            assertThat(json(swapped).get("rebuild").get("state").asText()).isEqualTo("SWAPPED");
            await().atMost(RECOVERY).until(() -> accepted.get(tenants.get(0)).size() > HISTORY_TASKS_EACH + 20);
            writing.set(false);
            for (Future<?> writer : moreWriters) {
                writer.get();
            }
            reading.set(false);
            reader.get();

            assertThat(readProblems).isEmpty();
            int total = accepted.values().stream().mapToInt(List::size).sum();
            for (Tenant tenant : tenants) {
                await().atMost(RECOVERY).until(() -> analyticsCount(tenant) == accepted.get(tenant).size());
            }
            await().atMost(RECOVERY).until(() -> taskRecords(audit) == total);
            List<String> everyTask = accepted.values().stream().flatMap(List::stream).toList();
            assertThat(audit.queryForObject("select count(distinct entity_id) from audit_record where entity_type = 'task'",
                    Long.class)).isEqualTo(everyTask.size());
            assertThat(audit.queryForObject("select to_regclass('audit_record__rebuild') is null", Boolean.class))
                    .isTrue();
            // every assignment reached its organization's webhook once, rebuild or not
            assertThat(assigned).isNotEmpty();
            await().atMost(RECOVERY).until(() -> webhooks.calls().size() >= assigned.size());
            assertThat(webhooks.calls()).extracting(call -> new ObjectMapper().readTree(call.text()).get("eventId").asText())
                    .doesNotHaveDuplicates().hasSize(assigned.size());
            JdbcTemplate analytics = platform.context("analytics-projection").getBean(JdbcTemplate.class);
            assertThat(analytics.queryForObject("select to_regclass('tasks_per_day__rebuild') is null", Boolean.class))
                    .isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writers create tasks in batches of five and assign the first of each batch to its creator. */
    private List<Future<?>> write(ExecutorService pool, List<Tenant> tenants, Map<Tenant, List<String>> accepted,
                                  List<String> assigned, AtomicBoolean writing) {
        List<Future<?>> writers = new ArrayList<>();
        for (Tenant tenant : tenants) {
            String owner = subjectOf(tenant.token());
            writers.add(pool.submit(() -> {
                while (writing.get()) {
                    List<String> created = createTasks(tenant, 5);
                    accepted.get(tenant).addAll(created);
                    if (!created.isEmpty()) {
                        HttpResponse<String> assign = gateway.send("PUT", "/workflow/tasks/" + created.get(0)
                                + "/assignee", tenant.token(), tenant.organizationId(), "{\"assigneeId\":\"" + owner + "\"}");
                        if (assign.statusCode() == 200) {
                            assigned.add(created.get(0));
                        }
                    }
                }
            }));
        }
        return writers;
    }

    private void registerWebhook(Tenant tenant) {
        String url = webhooks.url();
        // the notification service learns the owner's membership from Kafka first
        HttpResponse<String> registered = await().atMost(RECOVERY).until(() -> gateway.send("POST",
                "/notifications/webhooks", tenant.token(), tenant.organizationId(), "{\"url\":\"" + url + "\"}"),
                r -> r.statusCode() != 403);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }

    /** The user id a token was issued to (its subject). */
    private static String subjectOf(String token) {
        String payload = token.split("\\.")[1];
        try {
            return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(payload)).get("sub").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read(List<Tenant> tenants, Map<Tenant, List<String>> accepted, AtomicBoolean reading,
                      List<String> problems) {
        Map<Tenant, Integer> lastCount = new ConcurrentHashMap<>();
        while (reading.get()) {
            Tenant tenant = tenants.get(ThreadLocalRandom.current().nextInt(tenants.size()));
            int count = analyticsCount(tenant);
            int before = lastCount.getOrDefault(tenant, 0);
            if (count < before) {
                problems.add("analytics of " + tenant.organizationId() + " went back from " + before + " to " + count);
            }
            lastCount.put(tenant, Math.max(before, count));
            // a task of the history is always in the audit trail, before, during and after the swap
            String taskId = accepted.get(tenant).get(ThreadLocalRandom.current().nextInt(HISTORY_TASKS_EACH / 2));
            HttpResponse<String> trail = get("/audit/records?entityId=" + taskId, tenant);
            if (trail.statusCode() != 200 || json(trail).size() != 1) {
                problems.add("audit of task " + taskId + ": " + trail.statusCode() + " " + trail.body());
            }
        }
    }

    /** Returns the tasks created on the way: the free plan's 25 are used up before the upgrade is waited for. */
    private List<String> upgradeToEnterprise(Tenant tenant) {
        HttpResponse<String> plan = gateway.send("PUT", "/billing/organizations/" + tenant.organizationId() + "/plan",
                tenant.token(), tenant.organizationId(), "{\"plan\":\"ENTERPRISE\"}");
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        List<String> created = new ArrayList<>(createTasks(tenant, 25));
        assertThat(created).hasSize(25);
        // the 26th goes through once the upgrade has reached the workflow service
        await().atMost(RECOVERY).until(() -> created.addAll(createTasks(tenant, 1)));
        return created;
    }

    private int analyticsCount(Tenant tenant) {
        HttpResponse<String> response = get("/analytics/tasks-per-day", tenant);
        if (response.statusCode() != 200) {
            return -1;
        }
        int sum = 0;
        for (JsonNode day : json(response)) {
            sum += day.get("created").asInt();
        }
        return sum;
    }

    private JsonNode awaitRebuild(String projection, Predicate<String> state) {
        return await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250))
                .until(() -> json(admin("GET", "/admin/projections/" + projection)).get("rebuild"),
                        rebuild -> rebuild != null && state.test(rebuild.get("state").asText()));
    }

    private HttpResponse<String> admin(String method, String path) {
        return gateway.send(method, path, operator, null, null);
    }

    /** Audit records of task creations (assignments are audited against the task too). */
    private static long taskRecords(JdbcTemplate audit) {
        return audit.queryForObject("select count(*) from audit_record where event_type = 'TaskCreated'", Long.class);
    }

    private static long difference(JdbcTemplate audit, String from, String minus) {
        String columns = "event_id, event_type, event_version, source, correlation_id, trace_id, user_id, "
                + "organization_id, entity_type, entity_id, summary, data, occurred_at";
        return audit.queryForObject("select count(*) from (select " + columns + " from " + from + " except select "
                + columns + " from " + minus + ") d", Long.class);
    }
}
