package dev.taskflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskflow.api.Role;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Concurrent commands on one task (issue 6: "concurrent edits never produce a 500"): a burst of parallel
 * requests on one instance, and a second instance appending to the same task between our load and our
 * append (simulated by writing its event row straight into the store, as its Axon would).
 */
class TaskConcurrencyIT extends CommandSideIntegrationTest {

    private static final int LOCK = 4343;

    @Autowired
    MeterRegistry meters;

    private final String organizationId = UUID.randomUUID().toString();
    private final String userId = UUID.randomUUID().toString();
    private final String alice = UUID.randomUUID().toString();
    private final String bob = UUID.randomUUID().toString();
    private String projectId;

    /** One HTTP request of the burst: what it was and what it got. */
    private record Call(String kind, ResponseEntity<String> response) {

        int status() {
            return response.getStatusCode().value();
        }
    }

    @BeforeEach
    void organizationWithMembers() {
        becomeMember(organizationId, userId, Role.MEMBER);
        becomeMember(organizationId, alice, Role.MEMBER);
        becomeMember(organizationId, bob, Role.MEMBER);
        projectId = createProject(organizationId, userId);
    }

    @Test
    void aBurstOfParallelCommandsOnOneTaskGetsNo5xxAndLeavesAConsistentStream() {
        String taskId = createTask(organizationId, userId, projectId).get("taskId").asText();
        String task = "/workflow/tasks/" + taskId;
        List<Supplier<Call>> burst = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            int n = i;
            burst.add(switch (i % 6) {
                case 0 -> () -> new Call("edit", exchange(HttpMethod.PATCH, task, Map.of("title", "Title " + n), headers()));
                case 1 -> () -> new Call("assign", exchange(HttpMethod.PUT, task + "/assignee",
                        Map.of("assigneeId", n % 4 == 1 ? alice : bob), headers()));
                case 2 -> () -> new Call("complete", post(task + "/complete", null, headers()));
                case 3 -> () -> new Call("reopen", post(task + "/reopen", null, headers()));
                case 4 -> () -> new Call("unassign", exchange(HttpMethod.DELETE, task + "/assignee", null, headers()));
                default -> () -> new Call("edit", exchange(HttpMethod.PATCH, task, Map.of("description", "Text " + n),
                        headers()));
            });
        }

        List<Call> calls = runInParallel(burst, 16);

        assertThat(calls).allSatisfy(call -> {
            assertThat(call.status()).as(call.kind() + ": " + call.response().getBody()).isIn(200, 409);
            if (call.status() == 409) {
                assertThat(call.response().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            }
        });
        List<StoredEvent> stream = stream(taskId);
        assertThat(stream).extracting(StoredEvent::sequenceNumber)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, stream.size()).boxed().toList());
        // every accepted command that must change something left exactly one event, every refusal none
        assertThat(count(stream, "TaskEditedEvent")).isEqualTo(accepted(calls, "edit"));
        assertThat(count(stream, "TaskCompletedEvent")).isEqualTo(accepted(calls, "complete"));
        assertThat(count(stream, "TaskReopenedEvent")).isEqualTo(accepted(calls, "reopen"));
        assertThat(count(stream, "TaskUnassignedEvent")).isEqualTo(accepted(calls, "unassign"));
        assertThat(count(stream, "TaskAssignedEvent")).isBetween(1L, accepted(calls, "assign"));
        assertThat(accepted(calls, "complete")).isPositive();
        Replayed replayed = replay(stream);

        // the state the next command answers with is the one the stream rebuilds
        JsonNode archived = read(post(task + "/archive", null, headers()).getBody());
        assertThat(archived.get("status").asText()).isEqualTo("ARCHIVED");
        assertThat(archived.get("version").asLong()).isEqualTo(stream.size());
        assertThat(archived.get("title").asText()).isEqualTo(replayed.title);
        assertThat(archived.get("assigneeId").isNull() ? null : archived.get("assigneeId").asText())
                .isEqualTo(replayed.assigneeId);
        assertThat(stream(taskId).get(stream.size()).payload().get("previousStatus").asText()).isEqualTo(replayed.status);

        // and Kafka gets every event of the stream once (by eventId), in the stream's order
        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers())) {
            List<String> titles = await().atMost(EVENTUALLY).until(() -> kafka.read(Topics.WORKFLOW_TASK_EDITED, organizationId)
                    .stream().filter(e -> taskId.equals(e.data().get("taskId").asText()))
                    .map(e -> e.text("eventId") + "/" + e.data().get("title").asText()).distinct()
                    .map(s -> s.substring(s.indexOf('/') + 1)).toList(), l -> l.size() == count(stream, "TaskEditedEvent"));
            assertThat(titles).containsExactlyElementsOf(stream.stream().filter(e -> e.simpleType().equals("TaskEditedEvent"))
                    .map(e -> e.payload().get("title").asText()).toList());
        }
    }

    @Test
    void anAppendOfAnotherInstanceBetweenOurLoadAndOurAppendIsRetriedOnTheNewState() throws Exception {
        String taskId = createTask(organizationId, userId, projectId).get("taskId").asText();
        String marker = "ours-" + UUID.randomUUID();
        double retriedBefore = conflicts("retried");
        // our append stops right before its row is inserted, after the task was loaded at version 0
        jdbc.execute("""
                create or replace function hold_marked_append() returns trigger as $$
                begin
                  if convert_from(new.payload, 'UTF8') like '%%%s%%' then perform pg_advisory_xact_lock_shared(%d); end if;
                  return new;
                end $$ language plpgsql""".formatted(marker, LOCK));
        jdbc.execute("create trigger hold_marked_append before insert on domain_event_entry "
                + "for each row execute function hold_marked_append()");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection lock = DriverManager.getConnection(TestInfrastructure.postgres().jdbcUrl(), "postgres", "");
             Statement statement = lock.createStatement()) {
            statement.execute("select pg_advisory_lock(" + LOCK + ")");
            CompletableFuture<ResponseEntity<String>> ours = CompletableFuture.supplyAsync(() -> exchange(HttpMethod.PATCH,
                    "/workflow/tasks/" + taskId, Map.of("title", marker), headers()), pool);
            await().atMost(EVENTUALLY).until(this::someoneWaitsForTheLock);

            // meanwhile the other instance appends the task's event number 1 and commits
            appendAsAnotherInstance(taskId, 1, "Edited elsewhere");
            statement.execute("select pg_advisory_unlock(" + LOCK + ")");
            ResponseEntity<String> response = ours.get();

            assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
            JsonNode state = read(response.getBody());
            assertThat(state.get("title").asText()).isEqualTo(marker);
            assertThat(state.get("version").asLong()).isEqualTo(2);
            assertThat(stream(taskId)).extracting(e -> e.sequenceNumber() + " " + e.payload().path("title").asText())
                    .containsExactly("0 A task", "1 Edited elsewhere", "2 " + marker);
            assertThat(conflicts("retried")).isGreaterThan(retriedBefore);
        } finally {
            pool.shutdownNow();
            jdbc.execute("drop trigger if exists hold_marked_append on domain_event_entry");
            jdbc.execute("drop function if exists hold_marked_append()");
        }
    }

    @Test
    void whenEveryAttemptConflictsTheAnswerIs409AndNothingIsWritten() {
        String taskId = createTask(organizationId, userId, projectId).get("taskId").asText();
        String marker = "never-" + UUID.randomUUID();
        double refusedBefore = conflicts("refused");
        double retriedBefore = conflicts("retried");
        // each append of this edit meets "another instance's" row: the store's duplicate-key refusal
        jdbc.execute("""
                create or replace function refuse_marked_append() returns trigger as $$
                begin
                  if convert_from(new.payload, 'UTF8') like '%%%s%%' then
                    raise exception 'simulated concurrent append' using errcode = 'unique_violation';
                  end if;
                  return new;
                end $$ language plpgsql""".formatted(marker));
        jdbc.execute("create trigger refuse_marked_append before insert on domain_event_entry "
                + "for each row execute function refuse_marked_append()");
        try {
            ResponseEntity<String> response = exchange(HttpMethod.PATCH, "/workflow/tasks/" + taskId,
                    Map.of("title", marker), headers());

            assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(409);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(read(response.getBody()).get("title").asText()).isEqualTo("Concurrent modification");
            assertThat(stream(taskId)).hasSize(1);
            assertThat(eventsMentioning(marker)).isZero();
            assertThat(conflicts("refused")).isEqualTo(refusedBefore + 1);
            assertThat(conflicts("retried")).isEqualTo(retriedBefore + 4);
        } finally {
            jdbc.execute("drop trigger if exists refuse_marked_append on domain_event_entry");
            jdbc.execute("drop function if exists refuse_marked_append()");
        }
    }

    /** Writes a TaskEdited event as another command-side instance's Axon would: same table, same format. */
    private void appendAsAnotherInstance(String taskId, long sequenceNumber, String title) {
        ObjectNode payload = new ObjectMapper().createObjectNode().put("organizationId", organizationId)
                .put("projectId", projectId).put("taskId", taskId).put("title", title).putNull("description")
                .put("editedBy", userId).put("editedAt", Instant.now().toString());
        storeAsAxonWould(taskId, sequenceNumber, "dev.taskflow.api.workflow.TaskEditedEvent", "1", payload.toString(),
                Map.of("correlationId", "other-instance"), Instant.now());
    }

    private boolean someoneWaitsForTheLock() {
        return jdbc.queryForObject("select count(*) from pg_locks where locktype = 'advisory' and not granted "
                + "and objid = " + LOCK, Integer.class) > 0;
    }

    private double conflicts(String outcome) {
        return meters.get("commands.conflicts").tag("outcome", outcome).counter().count();
    }

    private org.springframework.http.HttpHeaders headers() {
        return CommandSideIntegrationTest.headers(organizationId, userId);
    }

    private static List<Call> runInParallel(List<Supplier<Call>> calls, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Call>> futures = calls.stream().map(c -> CompletableFuture.supplyAsync(c, pool)).toList();
            return futures.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    private static long accepted(List<Call> calls, String kind) {
        return calls.stream().filter(c -> c.kind().equals(kind) && c.status() == 200).count();
    }

    private static long count(List<StoredEvent> stream, String type) {
        return stream.stream().filter(e -> e.simpleType().equals(type)).count();
    }

    /** The task rebuilt from its stream, checking that every event was legal in the state before it. */
    private static final class Replayed {
        String status;
        String title;
        String assigneeId;
    }

    private static Replayed replay(List<StoredEvent> stream) {
        Replayed task = new Replayed();
        for (StoredEvent event : stream) {
            JsonNode data = event.payload();
            String before = task.status;
            switch (event.simpleType()) {
                case "TaskCreatedEvent" -> {
                    assertThat(before).isNull();
                    task.status = "OPEN";
                    task.title = data.get("title").asText();
                }
                case "TaskEditedEvent" -> {
                    assertThat(before).isIn("OPEN", "COMPLETED");
                    task.title = data.get("title").asText();
                }
                case "TaskAssignedEvent" -> {
                    assertThat(before).isEqualTo("OPEN");
                    assertThat(data.get("assigneeId").asText()).isNotEqualTo(task.assigneeId);
                    assertThat(data.get("previousAssigneeId").isNull() ? null : data.get("previousAssigneeId").asText())
                            .isEqualTo(task.assigneeId);
                    task.assigneeId = data.get("assigneeId").asText();
                }
                case "TaskUnassignedEvent" -> {
                    assertThat(before).isEqualTo("OPEN");
                    assertThat(data.get("previousAssigneeId").asText()).isEqualTo(task.assigneeId);
                    task.assigneeId = null;
                }
                case "TaskCompletedEvent" -> {
                    assertThat(before).isEqualTo("OPEN");
                    task.status = "COMPLETED";
                }
                case "TaskReopenedEvent" -> {
                    assertThat(before).isEqualTo("COMPLETED");
                    task.status = "OPEN";
                }
                default -> throw new AssertionError("unexpected event " + event.payloadType());
            }
        }
        return task;
    }
}
