package dev.taskflow.platform;

import static dev.taskflow.platform.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7: a second instance of the command side and of every projection, in a JVM of its own, against the
 * same PostgreSQL and Kafka. The projections' segments are shared out with the release endpoint; commands for
 * the same tasks go to both command-side instances at once; the second JVM is killed ({@code SIGKILL}) while
 * writes go on, and the first takes its segments over. In the end every answer was 2xx or 409, each answer is
 * what the task's stream says at that version, and every event of every task is in the query side, the audit
 * trail, the analytics counts and (assignments and completions) the webhook exactly once.
 */
class PlatformScaleOutIT extends PlatformIntegrationTest {

    /** The Kafka-fed processor of each projection service. */
    private static final Map<String, String> PROJECTIONS = Map.of("query-side", "task-view",
            "audit-projection", "audit-trail", "analytics-projection", "tasks-per-day",
            "notification-projection", "notifications");
    /** Segments per processor: two, but analytics' one (its counters are rows every task writes, docs/scaling.md). */
    private static final Map<String, Integer> SEGMENTS = Map.of("task-view", 2, "audit-trail", 2, "tasks-per-day", 1,
            "notifications", 2);
    private static final List<String> SECOND_INSTANCES = List.of("command-side", "query-side", "audit-projection",
            "analytics-projection", "notification-projection");
    /** Fewer than the free plan's 25 tasks. */
    private static final int TASKS_BEFORE = 10;
    private static final int TASKS_AFTER = 4;
    private static final int WRITERS = 4;
    private static final int HOT_TASKS = 3;
    private static final Set<Integer> ACCEPTABLE = Set.of(200, 201, 409);
    private static final ObjectMapper JSON = new ObjectMapper();

    static WebhookReceiver webhooks;

    @BeforeAll
    static void receiveWebhooks() {
        webhooks = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        if (webhooks != null) {
            webhooks.close();
        }
    }

    /** One command and what it got; {@code status} -1 when the instance never answered (it was killed). */
    private record Answer(int instance, String kind, String taskId, int status, String body) {
    }

    @Test
    void twoInstancesShareTheWorkStayConsistentAndTheSurvivorTakesOverTheSegmentsOfAKilledOne() throws Exception {
        Map<String, Integer> secondPorts = new LinkedHashMap<>();
        Map<String, List<String>> commandLines = new LinkedHashMap<>();
        for (String service : SECOND_INSTANCES) {
            int port = freePort();
            secondPorts.put(service, port);
            commandLines.put(service, platform.arguments(service).stream()
                    .map(a -> a.startsWith("--server.port=") ? "--server.port=" + port : a).toList());
        }
        // the second JVM starts while the tenant is set up
        CompletableFuture<ServiceProcess> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return ServiceProcess.start(commandLines, data.resolve("second-instances.log"), RECOVERY);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            Tenant tenant = newTenant();
            String owner = subjectOf(tenant.token());
            GatewayClient.User member = gateway.signUp("member-" + UUID.randomUUID().toString().substring(0, 8));
            assertThat(gateway.send("POST", "/organizations/" + tenant.organizationId() + "/members", tenant.token(),
                    tenant.organizationId(), "{\"userId\":\"" + member.userId() + "\",\"role\":\"MEMBER\"}").statusCode())
                    .isEqualTo(201);
            registerWebhook(tenant);
            ServiceProcess second = starting.join();

            // 1. each projection: the first instance holds every segment and hands its last one to the second
            String firstNode = null;
            String secondNode = null;
            for (Map.Entry<String, String> projection : PROJECTIONS.entrySet()) {
                InstanceClient first = instance(platform.port(projection.getKey()));
                String group = projection.getValue();
                firstNode = processor(first, group).get("node").asText();
                secondNode = processor(instance(secondPorts.get(projection.getKey())), group).get("node").asText();
                assertThat(secondNode).isNotEqualTo(firstNode);
                List<String> allFirst = Collections.nCopies(SEGMENTS.get(group), firstNode);
                await().atMost(RECOVERY).until(() -> owners(processor(first, group)).equals(allFirst));
                HttpResponse<String> released = first.sendUp("POST", "/admin/processors/" + group + "/segments/"
                        + last(group) + "/release?seconds=20", null, null, null);
                assertThat(released.statusCode()).as(released.body()).isEqualTo(202);
            }
            for (Map.Entry<String, String> projection : PROJECTIONS.entrySet()) {
                InstanceClient first = instance(platform.port(projection.getKey()));
                InstanceClient other = instance(secondPorts.get(projection.getKey()));
                String group = projection.getValue();
                List<String> shared = new ArrayList<>(Collections.nCopies(last(group), firstNode));
                shared.add(secondNode);
                await().atMost(RECOVERY).until(() -> owners(processor(first, group)).equals(shared)
                        && segmentsHere(processor(other, group)).equals(List.of(last(group)))
                        && segmentsHere(processor(first, group)).equals(upTo(last(group))));
            }

            // 2. tasks created on both command-side instances; commands for the same tasks go to both at once
            List<InstanceClient> commandSides = List.of(instance(platform.port("command-side")),
                    instance(secondPorts.get("command-side")));
            AtomicBoolean secondAlive = new AtomicBoolean(true);
            List<String> tasks = new CopyOnWriteArrayList<>();
            List<Answer> answers = new CopyOnWriteArrayList<>();
            for (int i = 0; i < TASKS_BEFORE; i++) {
                tasks.add(create(commandSides.get(i % 2), i % 2 + 1, tenant, owner, "Task " + i, answers));
            }
            // assignments to the member go through once the command side has learnt the membership from Kafka
            await().atMost(RECOVERY).until(() -> commandSides.get(0).sendUp("PUT", "/workflow/tasks/" + tasks.get(0)
                    + "/assignee", owner, tenant.organizationId(), "{\"assigneeId\":\"" + member.userId() + "\"}")
                    .statusCode() == 200);
            List<String> assignees = List.of(owner, member.userId());
            join(write(pool, commandSides, secondAlive, tasks, tenant, owner, assignees, false, n -> n < 12, answers));
            assertThat(answers).filteredOn(a -> a.instance() == 2 && a.status() == 200).isNotEmpty();
            // every delivery the second instance may be sending is done before it dies (a kill mid-send is
            // UNCERTAIN and never sent again, by design: notification-projection's README)
            awaitWebhooksFor(tenant, tasks);

            // 3. the second JVM dies while title edits go on on both, and they go on on the first
            AtomicInteger answeredAtKill = new AtomicInteger(Integer.MAX_VALUE / 2);
            int before = answers.size();
            List<Future<?>> edits = write(pool, commandSides, secondAlive, tasks, tenant, owner, assignees, true,
                    n -> answers.size() < answeredAtKill.get() + 10 * WRITERS, answers);
            await().atMost(RECOVERY).until(() -> answers.size() >= before + 2 * WRITERS);
            answeredAtKill.set(answers.size());
            secondAlive.set(false);
            second.kill();
            join(edits);
            for (int i = 0; i < TASKS_AFTER; i++) {
                tasks.add(create(commandSides.get(0), 1, tenant, owner, "After " + i, answers));
            }
            // the first instance takes the dead one's segments over once its claims have timed out
            for (Map.Entry<String, String> projection : PROJECTIONS.entrySet()) {
                InstanceClient first = instance(platform.port(projection.getKey()));
                String group = projection.getValue();
                List<String> allFirst = Collections.nCopies(SEGMENTS.get(group), firstNode);
                await().atMost(RECOVERY).until(() -> owners(processor(first, group)).equals(allFirst)
                        && segmentsHere(processor(first, group)).equals(upTo(SEGMENTS.get(group))));
            }
            join(write(pool, commandSides, secondAlive, tasks, tenant, owner, assignees, false, n -> n < 10, answers));

            // 4. every answer 2xx or 409, and what the task's stream says at the answer's version
            assertThat(answers).allSatisfy(a -> {
                if (a.status() == -1) {
                    assertThat(a.instance()).as("only the killed instance may leave a request unanswered").isEqualTo(2);
                } else {
                    assertThat(a.status()).as(a.kind() + " on instance " + a.instance() + ": " + a.body())
                            .isIn(ACCEPTABLE);
                }
            });
            String workflow = platform.postgres().jdbcUrl("workflow");
            Map<String, List<TaskStreams.Event>> streams = new LinkedHashMap<>();
            Map<String, TaskStreams.State> finals = new LinkedHashMap<>();
            for (String taskId : tasks) {
                List<TaskStreams.Event> stream = TaskStreams.read(workflow, taskId);
                List<TaskStreams.State> states = TaskStreams.replay(stream);
                streams.put(taskId, stream);
                finals.put(taskId, states.get(states.size() - 1));
                answers.stream().filter(a -> a.taskId().equals(taskId) && a.status() == 200).forEach(a -> {
                    JsonNode answer = read(a.body());
                    TaskStreams.State at = states.get(answer.get("version").asInt());
                    assertThat(new TaskStreams.State(answer.get("title").asText(), answer.get("status").asText(),
                            answer.get("assigneeId").isNull() ? null : answer.get("assigneeId").asText()))
                            .as(a.kind() + " answered by instance " + a.instance()).isEqualTo(at);
                });
            }
            assertThat(streams.values().stream().mapToInt(List::size).sum()).isGreaterThan(tasks.size() * 3);

            // 5. each event once in every projection
            for (String taskId : tasks) {
                TaskStreams.State last = finals.get(taskId);
                await().atMost(RECOVERY).until(() -> {
                    HttpResponse<String> view = get("/workflow/tasks/" + taskId, tenant);
                    return view.statusCode() == 200 && last.equals(new TaskStreams.State(json(view).get("title").asText(),
                            json(view).get("status").asText(), json(view).get("assigneeId").isNull() ? null
                            : json(view).get("assigneeId").asText()));
                });
                List<String> eventIds = streams.get(taskId).stream().map(TaskStreams.Event::eventId).toList();
                HttpResponse<String> trail = await().atMost(RECOVERY).until(
                        () -> get("/audit/records?entityId=" + taskId, tenant),
                        r -> r.statusCode() == 200 && json(r).size() >= eventIds.size());
                List<String> audited = new ArrayList<>();
                json(trail).forEach(record -> audited.add(record.get("eventId").asText()));
                assertThat(audited).as("audit trail of " + taskId).containsExactlyInAnyOrderElementsOf(eventIds);
            }
            long completed = finals.values().stream().filter(s -> s.status().equals("COMPLETED")).count();
            await().atMost(RECOVERY).until(() -> analytics(tenant, "created") == tasks.size()
                    && analytics(tenant, "completed") == completed);
            assertThat(analytics(tenant, "created")).isEqualTo(tasks.size());
            awaitWebhooksFor(tenant, tasks);
        } finally {
            pool.shutdownNow();
            starting.whenComplete((process, failure) -> {
                if (process != null) {
                    process.close();
                }
            });
        }
    }

    /**
     * Writers, half of them on each command-side instance while the second lives, each sending commands for
     * random tasks, mostly the first few, as long as {@code goOn} accepts the writer's next command number: new titles only, or
     * titles, assignments, completions and reopenings.
     */
    private List<Future<?>> write(ExecutorService pool, List<InstanceClient> instances, AtomicBoolean secondAlive,
                                  List<String> tasks, Tenant tenant, String userId, List<String> assignees,
                                  boolean titlesOnly, IntPredicate goOn, List<Answer> answers) {
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int n = 0; goOn.test(n); n++) {
                    int instance = writer % 2 == 1 && secondAlive.get() ? 2 : 1;
                    // two commands in three go to the first three tasks, so that both instances change them at once
                    String taskId = tasks.get(random.nextInt(random.nextInt(3) < 2 ? HOT_TASKS : tasks.size()));
                    String path = "/workflow/tasks/" + taskId;
                    String kind = titlesOnly ? "edit" : List.of("edit", "assign", "complete", "reopen").get(random.nextInt(4));
                    String method = switch (kind) {
                        case "edit" -> "PATCH";
                        case "assign" -> "PUT";
                        default -> "POST";
                    };
                    String body = switch (kind) {
                        case "edit" -> "{\"title\":\"Title " + writer + "-" + n + "-" + random.nextInt(1000) + "\"}";
                        case "assign" -> "{\"assigneeId\":\"" + assignees.get(random.nextInt(assignees.size())) + "\"}";
                        default -> null;
                    };
                    String target = switch (kind) {
                        case "assign" -> path + "/assignee";
                        case "complete" -> path + "/complete";
                        case "reopen" -> path + "/reopen";
                        default -> path;
                    };
                    try {
                        HttpResponse<String> response = instances.get(instance - 1).send(method, target, userId,
                                tenant.organizationId(), body);
                        answers.add(new Answer(instance, kind, taskId, response.statusCode(), response.body()));
                    } catch (IOException e) {
                        answers.add(new Answer(instance, kind, taskId, -1, e.toString()));
                    }
                }
            }));
        }
        return writers;
    }

    private static String create(InstanceClient instance, int number, Tenant tenant, String userId, String title,
                                 List<Answer> answers) {
        HttpResponse<String> created = instance.sendUp("POST", "/workflow/tasks", userId, tenant.organizationId(),
                "{\"projectId\":\"" + tenant.projectId() + "\",\"title\":\"" + title + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String taskId = json(created).get("taskId").asText();
        answers.add(new Answer(number, "create", taskId, created.statusCode(), created.body()));
        return taskId;
    }

    private static void join(List<Future<?>> writers) throws Exception {
        for (Future<?> writer : writers) {
            writer.get();
        }
    }

    /** Waits until the organization's webhook got every assignment and completion of the tasks, each once. */
    private void awaitWebhooksFor(Tenant tenant, List<String> tasks) {
        String workflow = platform.postgres().jdbcUrl("workflow");
        List<String> expected = tasks.stream().flatMap(taskId -> TaskStreams.read(workflow, taskId).stream())
                .filter(e -> e.type().equals("TaskAssignedEvent") || e.type().equals("TaskCompletedEvent"))
                .map(TaskStreams.Event::eventId).toList();
        assertThat(expected).isNotEmpty();
        await().atMost(RECOVERY).until(() -> new HashSet<>(webhookEvents(tenant)).containsAll(expected));
        List<String> received = webhookEvents(tenant);
        assertThat(received).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    private static List<String> webhookEvents(Tenant tenant) {
        List<String> eventIds = new ArrayList<>();
        for (WebhookReceiver.Received call : webhooks.calls()) {
            JsonNode body = read(call.text());
            if (tenant.organizationId().equals(body.path("organizationId").asText())) {
                eventIds.add(body.get("eventId").asText());
            }
        }
        return eventIds;
    }

    private void registerWebhook(Tenant tenant) {
        // notification-projection learns the owner's membership from Kafka first
        HttpResponse<String> registered = await().atMost(RECOVERY).until(() -> gateway.send("POST",
                "/notifications/webhooks", tenant.token(), tenant.organizationId(), "{\"url\":\"" + webhooks.url() + "\"}"),
                r -> r.statusCode() != 403);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }

    private long analytics(Tenant tenant, String field) {
        HttpResponse<String> response = get("/analytics/tasks-per-day", tenant);
        if (response.statusCode() != 200) {
            return -1;
        }
        long sum = 0;
        for (JsonNode day : json(response)) {
            sum += day.get(field).asLong();
        }
        return sum;
    }

    /** One instance on its own port, called with the platform's service credential, as the gateway calls it. */
    private static InstanceClient instance(int port) {
        return new InstanceClient(port, platform.serviceCredential());
    }

    private static JsonNode processor(InstanceClient instance, String group) {
        HttpResponse<String> response = instance.sendUp("GET", "/admin/processors/" + group, null, null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    /** The owner of each segment, by segment id, as the token table says ({@code ""} for none). */
    private static List<String> owners(JsonNode processor) {
        List<String> owners = new ArrayList<>();
        processor.get("claims").forEach(claim -> owners.add(claim.get("owner").isNull() ? "" : claim.get("owner").asText()));
        return owners;
    }

    private static int last(String group) {
        return SEGMENTS.get(group) - 1;
    }

    /** 0 … end - 1. */
    private static List<Integer> upTo(int end) {
        return IntStream.range(0, end).boxed().toList();
    }

    /** The segments the instance itself reports processing. */
    private static List<Integer> segmentsHere(JsonNode processor) {
        List<Integer> segments = new ArrayList<>();
        processor.get("segments").forEach(segment -> segments.add(segment.get("id").asInt()));
        Collections.sort(segments);
        return segments;
    }

    /** The user id a token was issued to (its subject). */
    private static String subjectOf(String token) {
        return read(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8))
                .get("sub").asText();
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
