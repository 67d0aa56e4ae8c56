package dev.taskflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.Plan;
import dev.taskflow.api.Role;
import dev.taskflow.api.billing.EntitlementsUpdatedEvent;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.organization.MemberRemovedEvent;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.TestInfrastructure;
import dev.taskflow.support.outbox.OutboxBacklog;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The command side when parts around it really fail: the Kafka broker process stopped, the PostgreSQL
 * server stopped, a transaction that holds its place in the event store while later ones commit, and
 * caches that say no.
 */
class CommandSideFaultIT extends CommandSideIntegrationTest {

    private static final Duration RECOVERY = EVENTUALLY;

    @Autowired
    OutboxBacklog outbox;
    @Autowired
    MeterRegistry meters;

    private final String organizationId = UUID.randomUUID().toString();
    private final String userId = UUID.randomUUID().toString();

    @AfterEach
    void everythingIsBack() {
        TestInfrastructure.kafka().start();
        TestInfrastructure.postgres().start();
    }

    @Test
    void whileKafkaIsDownCommandsSucceedAndTheOutboxPublishesThemInOrderOnceItIsBack() {
        becomeMember(organizationId, userId, Role.MEMBER);
        String projectId = createProject(organizationId, userId);
        awaitPublishedBacklogEmpty();

        TestInfrastructure.kafka().stop();
        List<String> taskIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ResponseEntity<String> response = post("/workflow/tasks", Map.of("projectId", projectId, "title", "Offline " + i),
                    headers(organizationId, userId));
            assertThat(response.getStatusCode().value()).isEqualTo(201);
            taskIds.add(read(response.getBody()).get("taskId").asText());
        }
        await().atMost(RECOVERY).until(() -> {
            outbox.measure();
            return outbox.events() >= 5;
        });
        assertThat(meters.get("outbox.backlog.events").gauge().value()).isGreaterThanOrEqualTo(5);
        // operators see the same figures (through the gateway's GET /admin/outbox)
        JsonNode waiting = read(http.getForObject("/admin/outbox", String.class));
        assertThat(waiting.get("publisher").asText()).isEqualTo("kafka-publisher");
        assertThat(waiting.get("events").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(waiting.get("ageSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(Instant.parse(waiting.get("measuredAt").asText())).isAfter(Instant.now().minusSeconds(60));

        TestInfrastructure.kafka().start();
        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers())) {
            List<KafkaTestClient.Envelope> published = await().atMost(RECOVERY).until(
                    () -> kafka.read(Topics.WORKFLOW_TASK_CREATED, organizationId),
                    records -> records.stream().map(e -> e.data().get("taskId").asText()).toList().containsAll(taskIds));
            // at-least-once: a send whose acknowledgement was lost may appear twice, always with the same eventId
            assertThat(published.stream().map(e -> e.data().get("taskId").asText()).distinct().toList())
                    .containsExactlyElementsOf(taskIds);
            assertThat(published.stream().map(e -> e.data().get("taskId").asText() + "/" + e.text("eventId")).distinct())
                    .hasSize(taskIds.size());
        }
        awaitPublishedBacklogEmpty();
        assertThat(read(http.getForObject("/admin/outbox", String.class)).get("events").asLong()).isZero();
    }

    @Test
    void whileThePostgresServerIsDownCommandsGet503ProblemAndNothingIsWrittenThenItRecovers() {
        becomeMember(organizationId, userId, Role.MEMBER);
        String projectId = createProject(organizationId, userId);
        int eventsBefore = eventsMentioning(organizationId);

        TestInfrastructure.postgres().stop();
        HttpHeaders headers = headers(organizationId, userId);
        headers.set("X-Correlation-ID", "db-down-" + organizationId);
        ResponseEntity<String> refused = post("/workflow/tasks", Map.of("projectId", projectId, "title", "Lost?"), headers);

        assertThat(refused.getStatusCode().value()).isEqualTo(503);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getHeaders().getFirst("X-Correlation-ID")).isEqualTo("db-down-" + organizationId);
        assertThat(refused.getBody()).contains("db-down-" + organizationId);

        TestInfrastructure.postgres().start();
        ResponseEntity<String> later = await().atMost(RECOVERY).until(
                () -> post("/workflow/tasks", Map.of("projectId", projectId, "title", "Back"), headers(organizationId, userId)),
                r -> r.getStatusCode().value() == 201);
        assertThat(eventsMentioning(organizationId)).isEqualTo(eventsBefore + 1);
        String laterTask = read(later.getBody()).get("taskId").asText();
        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers())) {
            List<String> published = await().atMost(RECOVERY).until(() -> taskIdsOnKafka(kafka, organizationId),
                    ids -> ids.contains(laterTask));
            assertThat(published).containsExactly(laterTask);
        }
    }

    @Test
    void aTransactionHoldingItsPlaceInTheEventStoreIsNotSkippedByThePublisher() throws Exception {
        String busyOrganization = UUID.randomUUID().toString();
        becomeMember(organizationId, userId, Role.MEMBER);
        becomeMember(busyOrganization, userId, Role.MEMBER);
        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers())) {
            kafka.publish(new EntitlementsUpdatedEvent(busyOrganization, Plan.TEAM, Plan.TEAM.maxProjects(),
                    Plan.TEAM.maxTasks(), Instant.now()), userId);
        }
        await().atMost(RECOVERY).until(() -> jdbc.queryForObject(
                "select count(*) from entitlement_cache where organization_id = ?", Integer.class, busyOrganization) == 1);
        String slowProject = createProject(organizationId, userId);
        String busyProject = createProject(busyOrganization, userId);
        String marker = "slow-" + UUID.randomUUID();
        // the slow transaction stops right after its event row is inserted, holding its global index
        jdbc.execute("""
                create or replace function hold_marked_event() returns trigger as $$
                begin
                  if convert_from(new.payload, 'UTF8') like '%%%s%%' then perform pg_advisory_xact_lock_shared(4242); end if;
                  return new;
                end $$ language plpgsql""".formatted(marker));
        jdbc.execute("create trigger hold_marked_event after insert on domain_event_entry "
                + "for each row execute function hold_marked_event()");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (Connection lock = DriverManager.getConnection(TestInfrastructure.postgres().jdbcUrl(), "postgres", "");
             Statement statement = lock.createStatement()) {
            statement.execute("select pg_advisory_lock(4242)");
            CompletableFuture<ResponseEntity<String>> slow = CompletableFuture.supplyAsync(() -> post("/workflow/tasks",
                    Map.of("projectId", slowProject, "title", marker), headers(organizationId, userId)), pool);
            await().atMost(RECOVERY).until(() -> eventsMentioning(marker) == 0 && heldByLock());

            List<CompletableFuture<ResponseEntity<String>>> busy = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                busy.add(CompletableFuture.supplyAsync(() -> post("/workflow/tasks",
                        Map.of("projectId", busyProject, "title", "Busy"), headers(busyOrganization, userId)), pool));
            }
            List<String> busyTasks = busy.stream().map(CompletableFuture::join)
                    .peek(r -> assertThat(r.getStatusCode().value()).isEqualTo(201))
                    .map(r -> read(r.getBody()).get("taskId").asText()).toList();
            try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers())) {
                await().atMost(RECOVERY).until(() -> taskIdsOnKafka(kafka, busyOrganization), ids -> ids.containsAll(busyTasks));
                assertThat(slow).isNotDone();

                statement.execute("select pg_advisory_unlock(4242)");
                ResponseEntity<String> slowAnswer = slow.get();
                assertThat(slowAnswer.getStatusCode().value()).isEqualTo(201);
                String slowTask = read(slowAnswer.getBody()).get("taskId").asText();
                List<String> published = await().atMost(RECOVERY).until(() -> taskIdsOnKafka(kafka, organizationId),
                        ids -> ids.contains(slowTask));
                assertThat(published).containsExactly(slowTask);
                assertThat(taskIdsOnKafka(kafka, busyOrganization)).hasSize(30).doesNotHaveDuplicates();
            }
        } finally {
            pool.shutdownNow();
            jdbc.execute("drop trigger if exists hold_marked_event on domain_event_entry");
            jdbc.execute("drop function if exists hold_marked_event()");
        }
    }

    @Test
    void aRemovedMemberLosesWriteAccessAsSoonAsTheEventArrivesAndDenialsAreCounted() {
        becomeMember(organizationId, userId, Role.MEMBER);
        String projectId = createProject(organizationId, userId);
        double deniedBefore = meters.get("membership.denied").tag("reason", "not-a-member").counter().count();

        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers())) {
            kafka.publish(new MemberRemovedEvent(organizationId, userId, "owner", Instant.now()), "owner");
        }
        await().atMost(RECOVERY).until(() -> post("/workflow/tasks", Map.of("projectId", projectId, "title", "After removal"),
                headers(organizationId, userId)).getStatusCode().value() == 403);

        assertThat(meters.get("membership.denied").tag("reason", "not-a-member").counter().count()).isGreaterThan(deniedBefore);
    }

    @Test
    void anOrganizationBillingHasNotToldAboutGetsTheLowestPlanAndIsCounted() {
        becomeMember(organizationId, userId, Role.MEMBER);
        double before = meters.get("entitlements.unknown").counter().count();
        for (int i = 0; i < Plan.lowest().maxProjects(); i++) {
            createProject(organizationId, userId);
        }
        ResponseEntity<String> refused = post("/workflow/projects", Map.of("name", "One more"), headers(organizationId, userId));

        assertThat(refused.getStatusCode().value()).isEqualTo(402);
        assertThat(meters.get("entitlements.unknown").counter().count()).isGreaterThan(before);
    }

    private boolean heldByLock() {
        return jdbc.queryForObject("select count(*) from pg_locks where locktype = 'advisory' and not granted", Integer.class) > 0;
    }

    private void awaitPublishedBacklogEmpty() {
        await().atMost(RECOVERY).until(() -> {
            outbox.measure();
            return outbox.events() == 0;
        });
    }

    private static List<String> taskIdsOnKafka(KafkaTestClient kafka, String organization) {
        return kafka.read(Topics.WORKFLOW_TASK_CREATED, organization).stream().map(e -> e.data().get("taskId").asText()).toList();
    }

}
