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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seed §5 scenario 4 on the whole platform: the same record delivered again, every projection rebuilt
 * from Kafka offset zero, and the consumer processes killed ({@code SIGKILL}) after they applied events
 * but before they committed their position. Each ends with every acknowledged task exactly once in the
 * query side, the audit trail and the analytics count.
 */
class PlatformRedeliveryIT extends PlatformIntegrationTest {

    /** The consumers of {@code workflow.task.created}: service, schema, processing group. */
    private record Consumer(String service, String schema, String processingGroup, int lockKey) {
    }

    private static final List<Consumer> CONSUMERS = List.of(
            new Consumer("query-side", "query", "task-view", 7101),
            new Consumer("audit-projection", "audit", "audit-trail", 7102),
            new Consumer("analytics-projection", "analytics", "tasks-per-day", 7103));

    private static final String DOOMED = "doomed-consumer";

    @AfterEach
    void consumersRunAgain() {
        CONSUMERS.forEach(c -> platform.startService(c.service()));
    }

    @Test
    void theSameRecordsAgainAndEveryProjectionRebuiltFromOffsetZero_endAsOneDeliveryWould() throws Exception {
        Tenant tenant = newTenant();
        List<String> accepted = new ArrayList<>(createTasks(tenant, 3));
        assertEachTaskExactlyOnceEverywhere(tenant, accepted);

        try (KafkaTestClient kafka = new KafkaTestClient(platform.kafkaBootstrapServers())) {
            List<ConsumerRecord<String, byte[]>> originals = kafka.readAll(Topics.WORKFLOW_TASK_CREATED).stream()
                    .filter(r -> tenant.organizationId().equals(r.key())).toList();
            assertThat(originals).hasSize(accepted.size());
            // what a producer retry after a lost acknowledgement writes: the same records, same eventIds
            originals.forEach(kafka::republish);
            // and what an operator's replay does: every consumer reads its topics again from offset zero
            CONSUMERS.forEach(PlatformRedeliveryIT::replayFromTheStart);

            String sentinel = createTasks(tenant, 1).get(0);
            accepted.add(sentinel);
            awaitEveryConsumerPast(kafka, tenant, sentinel);
        }

        // every record of the tenant before the sentinel (duplicates included) has been consumed by now
        assertThat(createdToday(tenant, LocalDate.now(ZoneOffset.UTC).toString())).isEqualTo(accepted.size());
        assertEachTaskExactlyOnceEverywhere(tenant, accepted);
    }

    @Test
    void consumersKilledAfterApplyingEventsButBeforeCommittingTheirPosition_applyEachOnceAfterRestart() throws Exception {
        Tenant tenant = newTenant();
        List<String> accepted = new ArrayList<>(createTasks(tenant, 1));
        assertEachTaskExactlyOnceEverywhere(tenant, accepted);

        Map<String, List<String>> commandLines = new LinkedHashMap<>();
        for (Consumer consumer : CONSUMERS) {
            commandLines.put(consumer.service(), doomed(platform.arguments(consumer.service())));
            platform.stopService(consumer.service());
        }
        List<String> whileDown = createTasks(tenant, 3);
        assertThat(whileDown).hasSize(3);
        accepted.addAll(whileDown);

        try (Connection connection = DriverManager.getConnection(platform.postgres().jdbcUrl(), "postgres", "");
             Statement sql = connection.createStatement()) {
            try {
                for (Consumer consumer : CONSUMERS) {
                    holdPositionUpdates(sql, consumer);
                    sql.execute("select pg_advisory_lock(" + consumer.lockKey() + ")");
                }
                try (ServiceProcess consumers = ServiceProcess.start(commandLines, data.resolve(DOOMED + ".log"), RECOVERY)) {
                    // each has applied the batch to its read model and now waits to move its position
                    await().atMost(RECOVERY).until(() -> waitingLockKeys(sql).containsAll(
                            CONSUMERS.stream().map(Consumer::lockKey).toList()));
                    for (String taskId : whileDown) {
                        assertThat(get("/workflow/tasks/" + taskId, tenant).statusCode()).isEqualTo(404);
                        assertThat(json(get("/audit/records?entityId=" + taskId, tenant))).isEmpty();
                    }
                    consumers.kill();
                    assertThat(consumers.alive()).isFalse();
                }
                for (Consumer consumer : CONSUMERS) {
                    sql.execute("select pg_advisory_unlock(" + consumer.lockKey() + ")");
                }
                // the killed process's sessions end without a commit: PostgreSQL rolls their work back
                await().atMost(RECOVERY).until(() -> sessionsOf(sql, DOOMED) == 0);
            } finally {
                for (Consumer consumer : CONSUMERS) {
                    sql.execute("drop trigger if exists hold_position on " + consumer.schema() + ".token_entry");
                    sql.execute("drop function if exists " + consumer.schema() + ".hold_position()");
                }
                sql.execute("select pg_advisory_unlock_all()");
            }
        }

        CONSUMERS.forEach(c -> platform.startService(c.service()));
        assertEachTaskExactlyOnceEverywhere(tenant, accepted);
    }

    /** The consumer's transaction stops when it is about to store a new position, its read model already written. */
    private static void holdPositionUpdates(Statement sql, Consumer consumer) throws SQLException {
        sql.execute("""
                create or replace function %1$s.hold_position() returns trigger as $$
                begin
                  if new.processor_name = '%3$s' and new.token is distinct from old.token then
                    perform pg_advisory_xact_lock_shared(%2$d);
                  end if;
                  return new;
                end $$ language plpgsql""".formatted(consumer.schema(), consumer.lockKey(), consumer.processingGroup()));
        sql.execute("create trigger hold_position before update on " + consumer.schema()
                + ".token_entry for each row execute function " + consumer.schema() + ".hold_position()");
    }

    /** The same command line, with the database sessions named so that the test can watch them end. */
    private static List<String> doomed(List<String> args) {
        return args.stream().map(a -> a.startsWith("--spring.datasource.url=")
                ? a + (a.contains("?") ? "&" : "?") + "ApplicationName=" + DOOMED : a).toList();
    }

    private static Set<Integer> waitingLockKeys(Statement sql) throws SQLException {
        Set<Integer> keys = new HashSet<>();
        try (ResultSet rs = sql.executeQuery("select objid from pg_locks where locktype = 'advisory' and not granted")) {
            while (rs.next()) {
                keys.add(rs.getInt(1));
            }
        }
        return keys;
    }

    private static int sessionsOf(Statement sql, String applicationName) throws SQLException {
        try (ResultSet rs = sql.executeQuery(
                "select count(*) from pg_stat_activity where application_name = '" + applicationName + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void replayFromTheStart(Consumer consumer) {
        TrackingEventProcessor processor = platform.context(consumer.service()).getBean(Configuration.class)
                .eventProcessingConfiguration().eventProcessor(consumer.processingGroup(), TrackingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
    }

    /**
     * Waits until every consumer has applied {@code taskId}'s event. The tenant's records share one
     * partition, read in order, so by then each consumer has seen every earlier record of the tenant.
     */
    private void awaitEveryConsumerPast(KafkaTestClient kafka, Tenant tenant, String taskId) throws SQLException {
        String eventId = await().atMost(RECOVERY).until(() -> kafka.read(Topics.WORKFLOW_TASK_CREATED, tenant.organizationId())
                .stream().filter(e -> e.data().get("taskId").asText().equals(taskId)).map(e -> e.text("eventId"))
                .findFirst(), Optional::isPresent).orElseThrow();
        await().atMost(RECOVERY).until(() -> get("/workflow/tasks/" + taskId, tenant).statusCode() == 200);
        await().atMost(RECOVERY).until(() -> {
            HttpResponse<String> audit = get("/audit/records?entityId=" + taskId, tenant);
            return audit.statusCode() == 200 && json(audit).size() == 1;
        });
        try (Connection analytics = DriverManager.getConnection(platform.postgres().jdbcUrl("analytics"), "postgres", "");
             Statement sql = analytics.createStatement()) {
            await().atMost(RECOVERY).until(() -> {
                try (ResultSet rs = sql.executeQuery("select count(*) from processed_event where event_id = '" + eventId + "'")) {
                    return rs.next() && rs.getInt(1) == 1;
                }
            });
        }
    }
}
