package dev.taskflow.platform;

import static dev.taskflow.platform.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskflow.api.messaging.Topics;
import dev.taskflow.infra.KafkaTestClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seed §5 on the whole platform: a real part is stopped while clients create tasks through the
 * gateway, then started again; afterwards every task that got 201 is, by its id, in the query side
 * and the audit trail exactly once and counted exactly once by analytics.
 */
class PlatformFaultIT extends PlatformIntegrationTest {


    @AfterEach
    void everythingRunsAgain() {
        platform.kafka().start();
        platform.postgres().start();
        platform.startService("audit-projection");
        platform.startService("analytics-projection");
        platform.startService("command-side");
        platform.startService("identity-service");
    }

    @Test
    void kafkaBrokerDown_tasksAreAcceptedAndReachEveryProjectionOnceItIsBack() {
        Tenant tenant = newTenant();
        List<String> accepted = new ArrayList<>(createTasks(tenant, 2));

        platform.kafka().stop();
        List<String> duringOutage = createTasks(tenant, 3);
        assertThat(duringOutage).hasSize(3);
        accepted.addAll(duringOutage);
        platform.kafka().start();

        assertEachTaskExactlyOnceEverywhere(tenant, accepted);
    }

    @Test
    void auditAndAnalyticsDown_coreWorkflowIsUnaffectedAndTheyCatchUpAfterRestart() {
        Tenant tenant = newTenant();
        List<String> accepted = new ArrayList<>(createTasks(tenant, 1));

        platform.stopService("audit-projection");
        platform.stopService("analytics-projection");
        List<String> duringOutage = createTasks(tenant, 3);
        assertThat(duringOutage).hasSize(3);
        accepted.addAll(duringOutage);
        for (String taskId : duringOutage) {
            await().atMost(RECOVERY).until(() -> get("/workflow/tasks/" + taskId, tenant).statusCode() == 200);
        }
        HttpResponse<String> auditWhileDown = get("/audit/records?entityId=" + duringOutage.get(0), tenant);
        assertThat(auditWhileDown.statusCode()).isEqualTo(503);
        assertThat(auditWhileDown.headers().firstValue("X-Correlation-ID")).isPresent();

        platform.startService("audit-projection");
        platform.startService("analytics-projection");

        assertEachTaskExactlyOnceEverywhere(tenant, accepted);
    }

    @Test
    void commandSideDown_theGatewayAnswersWithA503ProblemOpensItsBreakerProducesNothingAndRecovers() {
        Tenant tenant = newTenant();
        List<String> accepted = new ArrayList<>(createTasks(tenant, 1));
        String title = "while-down-" + UUID.randomUUID();

        platform.stopService("command-side");
        for (int i = 0; i < 6; i++) {
            String correlationId = "cs-down-" + i + "-" + tenant.organizationId();
            HttpResponse<String> refused = gateway.send("POST", "/workflow/tasks", tenant.token(),
                    tenant.organizationId(), "{\"projectId\":\"" + tenant.projectId() + "\",\"title\":\"" + title + "\"}",
                    correlationId);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
            assertThat(refused.headers().firstValue("X-Correlation-ID")).contains(correlationId);
            assertThat(json(refused).get("correlationId").asText()).isEqualTo(correlationId);
        }
        // after a handful of failures the gateway stops trying: the breaker is open and says so
        assertThat(commandSideBreaker()).isEqualTo("OPEN");
        HttpResponse<String> whileOpen = gateway.send("POST", "/workflow/tasks", tenant.token(), tenant.organizationId(),
                "{\"projectId\":\"" + tenant.projectId() + "\",\"title\":\"" + title + "\"}");
        assertThat(whileOpen.statusCode()).isEqualTo(503);
        assertThat(json(whileOpen).get("detail").asText()).contains("circuit breaker open");
        // reads do not depend on the workflow service
        assertThat(get("/workflow/tasks/" + accepted.get(0), tenant).statusCode()).isEqualTo(200);

        // back: the breaker lets trial calls through after its wait, and their success closes it
        platform.startService("command-side");
        await().atMost(RECOVERY).until(() -> {
            accepted.addAll(createTasks(tenant, 1));
            return commandSideBreaker().equals("CLOSED");
        });

        assertEachTaskExactlyOnceEverywhere(tenant, accepted);
        try (KafkaTestClient kafka = new KafkaTestClient(platform.kafkaBootstrapServers())) {
            List<String> published = kafka.read(Topics.WORKFLOW_TASK_CREATED, tenant.organizationId()).stream()
                    .map(e -> e.data().get("taskId").asText()).toList();
            assertThat(published).containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(kafka.read(Topics.WORKFLOW_TASK_CREATED, tenant.organizationId()))
                    .noneMatch(e -> e.data().get("title").asText().equals(title));
        }
    }

    private String commandSideBreaker() {
        return json(gateway.send("GET", "/actuator/health", null, null, null))
                .at("/components/downstreams/details/command-side/circuitBreaker/state").asText();
    }

    @Test
    void identityDown_aTokenTheGatewayHasNotConfirmedIsRefusedAtTheEdgeAndNothingIsForwarded() {
        Tenant tenant = newTenant();
        List<String> accepted = new ArrayList<>(createTasks(tenant, 1));
        String unconfirmed = gateway.signUpAndLogIn("unconfirmed-" + UUID.randomUUID().toString().substring(0, 8));
        String title = "identity-down-" + UUID.randomUUID();

        platform.stopService("identity-service");
        HttpResponse<String> refused = gateway.send("POST", "/workflow/tasks", unconfirmed, tenant.organizationId(),
                "{\"projectId\":\"" + tenant.projectId() + "\",\"title\":\"" + title + "\"}", "identity-down-1");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(refused.headers().firstValue("X-Correlation-ID")).contains("identity-down-1");

        platform.startService("identity-service");
        // the same token is judged again once identity answers: valid, but not a member of the tenant
        await().atMost(RECOVERY).until(() -> gateway.send("POST", "/workflow/tasks", unconfirmed, tenant.organizationId(),
                "{\"projectId\":\"" + tenant.projectId() + "\",\"title\":\"" + title + "\"}").statusCode() == 403);
        accepted.addAll(createTasks(tenant, 1));

        assertEachTaskExactlyOnceEverywhere(tenant, accepted);
        try (KafkaTestClient kafka = new KafkaTestClient(platform.kafkaBootstrapServers())) {
            assertThat(kafka.read(Topics.WORKFLOW_TASK_CREATED, tenant.organizationId()))
                    .noneMatch(e -> e.data().get("title").asText().equals(title));
        }
    }

    @Test
    void aRemovedMemberLosesWriteAccessAsSoonAsTheRemovalArrivesAndTheirTasksStayEverywhere() {
        Tenant tenant = newTenant();
        GatewayClient.User member = gateway.signUp("member-" + UUID.randomUUID().toString().substring(0, 8));
        HttpResponse<String> added = gateway.send("POST", "/organizations/" + tenant.organizationId() + "/members",
                tenant.token(), tenant.organizationId(), "{\"userId\":\"" + member.userId() + "\",\"role\":\"MEMBER\"}");
        assertThat(added.statusCode()).isEqualTo(201);
        Tenant asMember = new Tenant(member.token(), tenant.organizationId(), tenant.projectId());
        List<String> accepted = new ArrayList<>(createTasks(tenant, 1));
        // the command side learns the membership from Kafka
        await().atMost(RECOVERY).until(() -> {
            List<String> created = createTasks(asMember, 1);
            accepted.addAll(created);
            return !created.isEmpty();
        });

        HttpResponse<String> removed = gateway.send("DELETE", "/organizations/" + tenant.organizationId() + "/members/"
                + member.userId(), tenant.token(), tenant.organizationId(), null);
        assertThat(removed.statusCode()).isEqualTo(204);
        await().atMost(RECOVERY).until(() -> {
            HttpResponse<String> attempt = gateway.send("POST", "/workflow/tasks", member.token(), tenant.organizationId(),
                    "{\"projectId\":\"" + tenant.projectId() + "\",\"title\":\"After removal\"}");
            if (attempt.statusCode() == 201) {
                accepted.add(json(attempt).get("taskId").asText());
            }
            return attempt.statusCode() == 403;
        });

        assertEachTaskExactlyOnceEverywhere(tenant, accepted);
    }

    @Test
    void postgresServerDown_commandsFailFastWithAProblemAndNothingHalfDoneAppearsAfterRecovery() {
        Tenant tenant = newTenant();
        List<String> accepted = new ArrayList<>(createTasks(tenant, 2));

        platform.postgres().stop();
        HttpResponse<String> refused = gateway.send("POST", "/workflow/tasks", tenant.token(), tenant.organizationId(),
                "{\"projectId\":\"" + tenant.projectId() + "\",\"title\":\"During the outage\"}", "pg-down-" + tenant.organizationId());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(refused.headers().firstValue("X-Correlation-ID")).contains("pg-down-" + tenant.organizationId());
        platform.postgres().start();

        // only what got a 201 may appear: a request refused while the database came back wrote nothing
        await().atMost(RECOVERY).until(() -> {
            List<String> created = createTasks(tenant, 1);
            accepted.addAll(created);
            return !created.isEmpty();
        });

        assertEachTaskExactlyOnceEverywhere(tenant, accepted);
    }

    @Test
    void aTransactionHoldingItsPlaceInTheEventStore_laterTasksOvertakeItAndNoneIsSkippedDownstream() throws Exception {
        Tenant slowTenant = newTenant();
        Tenant busyTenant = newTenant();
        String marker = "slow-" + UUID.randomUUID();
        try (Connection workflow = DriverManager.getConnection(platform.postgres().jdbcUrl("workflow"), "postgres", "");
             Statement schema = workflow.createStatement()) {
            // the marked task's transaction stops right after its event row is inserted, holding its global index
            schema.execute("""
                    create or replace function hold_marked_event() returns trigger as $$
                    begin
                      if convert_from(new.payload, 'UTF8') like '%%%s%%' then perform pg_advisory_xact_lock_shared(4242); end if;
                      return new;
                    end $$ language plpgsql""".formatted(marker));
            schema.execute("create trigger hold_marked_event after insert on domain_event_entry "
                    + "for each row execute function hold_marked_event()");
            try (Connection lock = DriverManager.getConnection(platform.postgres().jdbcUrl("workflow"), "postgres", "");
                 Statement holder = lock.createStatement()) {
                holder.execute("select pg_advisory_lock(4242)");
                CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> gateway.send("POST",
                        "/workflow/tasks", slowTenant.token(), slowTenant.organizationId(),
                        "{\"projectId\":\"" + slowTenant.projectId() + "\",\"title\":\"" + marker + "\"}"));
                await().atMost(RECOVERY).until(() -> waitingForTheLock(schema));

                List<String> busy = createTasks(busyTenant, 4);
                assertThat(busy).hasSize(4);
                for (String taskId : busy) {
                    await().atMost(RECOVERY).until(() -> get("/workflow/tasks/" + taskId, busyTenant).statusCode() == 200);
                }
                assertThat(slow).isNotDone();

                holder.execute("select pg_advisory_unlock(4242)");
                HttpResponse<String> slowAnswer = slow.get(60, TimeUnit.SECONDS);
                assertThat(slowAnswer.statusCode()).isEqualTo(201);
                assertEachTaskExactlyOnceEverywhere(busyTenant, busy);
                assertEachTaskExactlyOnceEverywhere(slowTenant, List.of(json(slowAnswer).get("taskId").asText()));
            } finally {
                schema.execute("drop trigger if exists hold_marked_event on domain_event_entry");
                schema.execute("drop function if exists hold_marked_event()");
            }
        }
    }

    @Test
    void auditRefusesAnEvent_itIsDeadLetteredOthersGoOnAndAReplayLandsItOnceEverywhere() throws Exception {
        Tenant tenant = newTenant();
        String marker = "refused-" + UUID.randomUUID();
        InstanceClient auditPort = new InstanceClient(platform.port("audit-projection"), platform.serviceCredential());
        List<String> accepted = new ArrayList<>();
        String refusedTask;
        try (Connection audit = DriverManager.getConnection(platform.postgres().jdbcUrl("audit"), "postgres", "");
             Statement schema = audit.createStatement()) {
            schema.execute("""
                    create or replace function refuse_marked_record() returns trigger as $$
                    begin
                      if new.data ->> 'title' = '%s' then raise exception 'refused by fault injection'; end if;
                      return new;
                    end $$ language plpgsql""".formatted(marker));
            schema.execute("create trigger refuse_marked_record before insert on audit_record "
                    + "for each row execute function refuse_marked_record()");
            try {
                HttpResponse<String> created = gateway.send("POST", "/workflow/tasks", tenant.token(), tenant.organizationId(),
                        "{\"projectId\":\"" + tenant.projectId() + "\",\"title\":\"" + marker + "\"}");
                assertThat(created.statusCode()).isEqualTo(201);
                refusedTask = json(created).get("taskId").asText();
                accepted.add(refusedTask);
                List<String> others = createTasks(tenant, 2);
                accepted.addAll(others);

                // the refused event is parked, the audit trail goes on with the others
                await().atMost(RECOVERY).until(() -> auditPort.sendUp("GET", "/admin/dead-letters", null, null, null)
                        .body().contains(refusedTask));
                for (String taskId : others) {
                    await().atMost(RECOVERY).until(() -> json(get("/audit/records?entityId=" + taskId, tenant)).size() == 1);
                }
                assertThat(json(get("/audit/records?entityId=" + refusedTask, tenant))).isEmpty();
            } finally {
                schema.execute("drop trigger if exists refuse_marked_record on audit_record");
                schema.execute("drop function if exists refuse_marked_record()");
            }
        }

        assertThat(auditPort.sendUp("POST", "/admin/dead-letters/replay", null, null, null).statusCode()).isEqualTo(200);
        assertEachTaskExactlyOnceEverywhere(tenant, accepted);
        assertThat(auditPort.sendUp("POST", "/admin/dead-letters/replay", null, null, null).statusCode()).isEqualTo(200);
        assertThat(json(get("/audit/records?entityId=" + refusedTask, tenant))).hasSize(1);
        assertThat(auditPort.sendUp("GET", "/admin/dead-letters", null, null, null).body()).doesNotContain(refusedTask);
    }

    private static boolean waitingForTheLock(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery(
                "select count(*) from pg_locks where locktype = 'advisory' and not granted")) {
            return rs.next() && rs.getInt(1) > 0;
        }
    }
}
