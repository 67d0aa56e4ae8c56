package dev.taskflow.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.KafkaTestClient.Envelope;
import dev.taskflow.infra.ServiceCredentialForTests;
import dev.taskflow.infra.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service end to end: HTTP in, real PostgreSQL event store, real Kafka out. Every test uses fresh
 * identifiers, since broker and database are shared by the whole test JVM.
 */
@Import(ServiceCredentialForTests.SentByTestRestTemplate.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=organization-service")
class OrganizationServiceIT {

    private static final Duration KAFKA_WAIT = Duration.ofSeconds(30);
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    private static KafkaTestClient kafka;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "organization");
        ServiceCredentialForTests.register(registry);
    }

    @BeforeAll
    static void openReader() {
        kafka = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers());
    }

    @AfterAll
    static void closeReader() {
        kafka.close();
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    // ---------------------------------------------------------------- create

    @Test
    void creatingAnOrganizationPublishesCreatedAndOwnerAddedEnvelopes() {
        String owner = fresh("user");
        String correlationId = fresh("corr");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        ResponseEntity<JsonNode> response = post("/organizations", Map.of("name", "Acme"), owner, correlationId);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(response.getHeaders().getFirst("X-Correlation-ID")).isEqualTo(correlationId);
        String organizationId = response.getBody().get("organizationId").asText();
        assertThat(UUID.fromString(organizationId)).isNotNull();

        Envelope created = await().atMost(KAFKA_WAIT).until(
                () -> kafka.read(Topics.ORGANIZATION_CREATED, organizationId), l -> l.size() == 1).get(0);
        assertEnvelope(created, "OrganizationCreated", organizationId, owner, correlationId, before);
        assertThat(created.data().get("organizationId").asText()).isEqualTo(organizationId);
        assertThat(created.data().get("name").asText()).isEqualTo("Acme");
        assertThat(created.data().get("ownerUserId").asText()).isEqualTo(owner);
        assertThat(Instant.parse(created.data().get("createdAt").asText())).isAfterOrEqualTo(before);

        Envelope added = await().atMost(KAFKA_WAIT).until(
                () -> kafka.read(Topics.ORGANIZATION_MEMBER_ADDED, organizationId), l -> l.size() == 1).get(0);
        assertEnvelope(added, "MemberAdded", organizationId, owner, correlationId, before);
        assertThat(added.data().get("userId").asText()).isEqualTo(owner);
        assertThat(added.data().get("role").asText()).isEqualTo("OWNER");
        assertThat(added.data().get("addedBy").asText()).isEqualTo(owner);
        assertThat(added.text("eventId")).isNotEqualTo(created.text("eventId"));

        assertThat(storedEvents(organizationId)).isEqualTo(2);
        assertThat(members(organizationId, owner).getBody().get("members"))
                .extracting(m -> m.get("userId").asText() + ":" + m.get("role").asText())
                .containsExactly(owner + ":OWNER");
    }

    @Test
    void fieldsTheServerOwnsAreIgnoredInANewOrganization() {
        String owner = fresh("user");
        String intruder = fresh("user");
        String chosenId = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Self-made");
        body.put("organizationId", chosenId);
        body.put("plan", "ENTERPRISE");
        body.put("ownerUserId", intruder);
        body.put("members", List.of(Map.of("userId", intruder, "role", "OWNER")));
        body.put("createdAt", "2001-01-01T00:00:00Z");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        ResponseEntity<JsonNode> response = post("/organizations", body, owner, fresh("corr"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String organizationId = response.getBody().get("organizationId").asText();
        assertThat(organizationId).isNotEqualTo(chosenId);
        assertThat(storedEvents(chosenId)).isZero();
        Envelope created = await().atMost(KAFKA_WAIT).until(
                () -> kafka.read(Topics.ORGANIZATION_CREATED, organizationId), l -> l.size() == 1).get(0);
        assertThat(created.data().get("ownerUserId").asText()).isEqualTo(owner);
        assertThat(Instant.parse(created.data().get("createdAt").asText())).isAfterOrEqualTo(before);
        // the plan is billing's (FREE until an owner changes it there), never part of the organization
        assertThat(created.data().has("plan")).isFalse();
        assertThat(members(organizationId, owner).getBody().get("members"))
                .extracting(m -> m.get("userId").asText() + ":" + m.get("role").asText())
                .containsExactly(owner + ":OWNER");
        assertThat(members(organizationId, intruder).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void anonymousRequestIsUnauthorizedAndWritesNothing() {
        long before = allStoredEvents();
        ResponseEntity<JsonNode> response = post("/organizations", Map.of("name", "Acme"), null, fresh("corr"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertProblem(response);
        assertThat(allStoredEvents()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "TOO_LONG", "MISSING"})
    void invalidNameIsABadRequestNamingTheFieldAndWritesNothing(String name) {
        Map<String, Object> body = new HashMap<>();
        if (name.equals("TOO_LONG")) {
            body.put("name", "n".repeat(101));
        } else if (!name.equals("MISSING")) {
            body.put("name", name);
        }
        long before = allStoredEvents();

        ResponseEntity<JsonNode> response = post("/organizations", body, fresh("user"), fresh("corr"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertProblem(response);
        assertThat(response.getBody().get("errors")).extracting(e -> e.get("field").asText()).containsExactly("name");
        assertThat(allStoredEvents()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- add member

    @Test
    void ownerAddsAMemberAndTheEventCarriesTheRequestContext() {
        String owner = fresh("user");
        String organizationId = createOrganization(owner);
        String newcomer = fresh("user");
        String correlationId = fresh("corr");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        ResponseEntity<JsonNode> response = post("/organizations/" + organizationId + "/members",
                Map.of("userId", newcomer, "role", "MEMBER"), owner, correlationId);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(response.getBody().get("organizationId").asText()).isEqualTo(organizationId);
        assertThat(response.getBody().get("userId").asText()).isEqualTo(newcomer);
        assertThat(response.getBody().get("role").asText()).isEqualTo("MEMBER");

        Envelope added = await().atMost(KAFKA_WAIT).until(
                () -> kafka.read(Topics.ORGANIZATION_MEMBER_ADDED, organizationId), l -> l.size() == 2).get(1);
        assertEnvelope(added, "MemberAdded", organizationId, owner, correlationId, before);
        assertThat(added.data().get("userId").asText()).isEqualTo(newcomer);
        assertThat(added.data().get("role").asText()).isEqualTo("MEMBER");
        assertThat(added.data().get("addedBy").asText()).isEqualTo(owner);

        assertThat(members(organizationId, newcomer).getBody().get("members"))
                .extracting(m -> m.get("userId").asText() + ":" + m.get("role").asText())
                .containsExactlyInAnyOrder(owner + ":OWNER", newcomer + ":MEMBER");
    }

    @Test
    void reAddingWithAnotherRoleChangesTheRoleAndTheSameRoleIsANoOp() {
        String owner = fresh("user");
        String organizationId = createOrganization(owner);
        String user = fresh("user");
        assertThat(addMember(organizationId, owner, user, "VIEWER").getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(addMember(organizationId, owner, user, "ADMIN").getStatusCode()).isEqualTo(HttpStatus.CREATED);
        long before = storedEvents(organizationId);

        ResponseEntity<JsonNode> again = addMember(organizationId, owner, user, "ADMIN");

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getBody().get("role").asText()).isEqualTo("ADMIN");
        assertThat(storedEvents(organizationId)).isEqualTo(before);
        String marker = fresh("marker");
        addMember(organizationId, owner, marker, "VIEWER");
        List<Envelope> added = awaitMemberAdded(organizationId, marker);
        assertThat(added).extracting(e -> e.data().get("userId").asText() + ":" + e.data().get("role").asText())
                .containsExactly(owner + ":OWNER", user + ":VIEWER", user + ":ADMIN", marker + ":VIEWER");
    }

    @Test
    void rolesBelowAdminAndStrangersAreForbiddenAndWriteNothing() {
        String owner = fresh("user");
        String organizationId = createOrganization(owner);
        String member = fresh("member");
        String viewer = fresh("viewer");
        addMember(organizationId, owner, member, "MEMBER");
        addMember(organizationId, owner, viewer, "VIEWER");
        long before = storedEvents(organizationId);
        String refused = fresh("refused");

        for (String caller : List.of(member, viewer, fresh("stranger"))) {
            ResponseEntity<JsonNode> response = addMember(organizationId, caller, refused, "VIEWER");
            assertThat(response.getStatusCode()).as(caller).isEqualTo(HttpStatus.FORBIDDEN);
            assertProblem(response);
            ResponseEntity<JsonNode> removal = delete(organizationId, member.equals(caller) ? viewer : member, caller);
            assertThat(removal.getStatusCode()).as(caller).isEqualTo(HttpStatus.FORBIDDEN);
        }

        assertThat(storedEvents(organizationId)).isEqualTo(before);
        String marker = fresh("marker");
        addMember(organizationId, owner, marker, "VIEWER");
        assertThat(awaitMemberAdded(organizationId, marker))
                .extracting(e -> e.data().get("userId").asText())
                .containsExactly(owner, member, viewer, marker);
        assertThat(kafka.read(Topics.ORGANIZATION_MEMBER_REMOVED, organizationId)).isEmpty();
    }

    @Test
    void onlyAnOwnerGrantsOwner() {
        String owner = fresh("user");
        String organizationId = createOrganization(owner);
        String admin = fresh("admin");
        String candidate = fresh("candidate");
        addMember(organizationId, owner, admin, "ADMIN");
        long before = storedEvents(organizationId);

        ResponseEntity<JsonNode> byAdmin = addMember(organizationId, admin, candidate, "OWNER");

        assertThat(byAdmin.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(storedEvents(organizationId)).isEqualTo(before);

        ResponseEntity<JsonNode> byOwner = addMember(organizationId, owner, candidate, "OWNER");

        assertThat(byOwner.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(awaitMemberAdded(organizationId, candidate))
                .extracting(e -> e.data().get("userId").asText() + ":" + e.data().get("role").asText()
                        + ":" + e.data().get("addedBy").asText())
                .containsExactly(owner + ":OWNER:" + owner, admin + ":ADMIN:" + owner, candidate + ":OWNER:" + owner);
    }

    @Test
    void adminCanManageMembersBelowOwner() {
        String owner = fresh("user");
        String organizationId = createOrganization(owner);
        String admin = fresh("admin");
        String user = fresh("user");
        addMember(organizationId, owner, admin, "ADMIN");

        assertThat(addMember(organizationId, admin, user, "ADMIN").getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(delete(organizationId, user, admin).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(delete(organizationId, owner, admin).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"role:SUPERUSER", "role:owner", "role:", "userId:", "userId:MISSING", "role:MISSING"})
    void invalidMemberInputIsABadRequestNamingTheField(String fieldAndValue) {
        String owner = fresh("user");
        String organizationId = createOrganization(owner);
        String field = fieldAndValue.substring(0, fieldAndValue.indexOf(':'));
        String value = fieldAndValue.substring(fieldAndValue.indexOf(':') + 1);
        Map<String, Object> body = new HashMap<>(Map.of("userId", fresh("user"), "role", "MEMBER"));
        if (value.equals("MISSING")) {
            body.remove(field);
        } else {
            body.put(field, value);
        }
        long before = storedEvents(organizationId);

        ResponseEntity<JsonNode> response = post("/organizations/" + organizationId + "/members", body, owner, fresh("corr"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertProblem(response);
        assertThat(response.getBody().get("errors")).extracting(e -> e.get("field").asText()).containsExactly(field);
        assertThat(storedEvents(organizationId)).isEqualTo(before);
    }

    @Test
    void unknownOrganizationAnswersLikeSomebodyElses() {
        String unknown = UUID.randomUUID().toString();
        String foreign = createOrganization(fresh("user"));
        String user = fresh("user");
        String target = fresh("user");

        List<ResponseEntity<JsonNode>> unknownAnswers = List.of(addMember(unknown, user, target, "MEMBER"),
                delete(unknown, target, user), members(unknown, user));
        List<ResponseEntity<JsonNode>> foreignAnswers = List.of(addMember(foreign, user, target, "MEMBER"),
                delete(foreign, target, user), members(foreign, user));

        for (int i = 0; i < unknownAnswers.size(); i++) {
            assertThat(unknownAnswers.get(i).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(foreignAnswers.get(i).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(unknownAnswers.get(i).getBody().get("detail").asText().replace(unknown, "<id>"))
                    .isEqualTo(foreignAnswers.get(i).getBody().get("detail").asText().replace(foreign, "<id>"));
        }
        assertThat(storedEvents(unknown)).isZero();
    }

    // ---------------------------------------------------------------- remove member

    @Test
    void removingAMemberPublishesMemberRemoved() {
        String owner = fresh("user");
        String organizationId = createOrganization(owner);
        String user = fresh("user");
        addMember(organizationId, owner, user, "MEMBER");
        String correlationId = fresh("corr");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        ResponseEntity<JsonNode> response = exchange(HttpMethod.DELETE,
                "/organizations/" + organizationId + "/members/" + user, null, owner, correlationId);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        Envelope removed = await().atMost(KAFKA_WAIT).until(
                () -> kafka.read(Topics.ORGANIZATION_MEMBER_REMOVED, organizationId), l -> l.size() == 1).get(0);
        assertEnvelope(removed, "MemberRemoved", organizationId, owner, correlationId, before);
        assertThat(removed.data().get("userId").asText()).isEqualTo(user);
        assertThat(removed.data().get("removedBy").asText()).isEqualTo(owner);
        assertThat(members(organizationId, user).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(members(organizationId, owner).getBody().get("members"))
                .extracting(m -> m.get("userId").asText()).containsExactly(owner);
    }

    @Test
    void lastOwnerStaysAndRemovingANonMemberIsNotFoundAndBothWriteNothing() {
        String owner = fresh("user");
        String organizationId = createOrganization(owner);
        long before = storedEvents(organizationId);

        ResponseEntity<JsonNode> lastOwner = delete(organizationId, owner, owner);
        ResponseEntity<JsonNode> demoteLastOwner = addMember(organizationId, owner, owner, "ADMIN");
        ResponseEntity<JsonNode> nonMember = delete(organizationId, fresh("stranger"), owner);

        assertThat(lastOwner.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertProblem(lastOwner);
        assertThat(demoteLastOwner.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(nonMember.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertProblem(nonMember);
        assertThat(storedEvents(organizationId)).isEqualTo(before);

        String marker = fresh("marker");
        addMember(organizationId, owner, marker, "VIEWER");
        assertThat(awaitMemberAdded(organizationId, marker))
                .extracting(e -> e.data().get("userId").asText()).containsExactly(owner, marker);
        assertThat(kafka.read(Topics.ORGANIZATION_MEMBER_REMOVED, organizationId)).isEmpty();
    }

    @Test
    void anOwnerCanLeaveOnceAnotherOwnerExists() {
        String owner = fresh("user");
        String organizationId = createOrganization(owner);
        String second = fresh("user");
        addMember(organizationId, owner, second, "OWNER");

        assertThat(delete(organizationId, owner, owner).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(delete(organizationId, second, second).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    // ---------------------------------------------------------------- helpers

    private void assertEnvelope(Envelope envelope, String eventType, String organizationId, String userId,
                                String correlationId, Instant notBefore) {
        assertThat(envelope.key()).isEqualTo(organizationId);
        assertThat(UUID.fromString(envelope.text("eventId"))).isNotNull();
        assertThat(envelope.text("eventType")).isEqualTo(eventType);
        assertThat(envelope.text("eventVersion")).isEqualTo("v1");
        assertThat(Instant.parse(envelope.text("timestamp")))
                .isAfterOrEqualTo(notBefore).isBefore(Instant.now().plusSeconds(1));
        assertThat(envelope.text("timestamp")).endsWith("Z");
        assertThat(envelope.text("source")).isEqualTo("organization-service");
        assertThat(envelope.text("correlationId")).isEqualTo(correlationId);
        assertThat(envelope.text("traceId")).isEqualTo(TRACE_ID);
        assertThat(envelope.text("userId")).isEqualTo(userId);
        assertThat(envelope.text("organizationId")).isEqualTo(organizationId);
        assertThat(envelope.data().get("organizationId").asText()).isEqualTo(organizationId);
        assertThat(envelope.headers()).containsEntry("eventId", envelope.text("eventId"))
                .containsEntry("correlationId", correlationId)
                .containsEntry("traceparent", TRACEPARENT);
    }

    private List<Envelope> awaitMemberAdded(String organizationId, String lastUserId) {
        return await().atMost(KAFKA_WAIT).until(() -> kafka.read(Topics.ORGANIZATION_MEMBER_ADDED, organizationId),
                l -> !l.isEmpty() && l.get(l.size() - 1).data().get("userId").asText().equals(lastUserId));
    }

    private static void assertProblem(ResponseEntity<JsonNode> response) {
        assertThat(response.getHeaders().getContentType()).isNotNull();
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody().get("status").asInt()).isEqualTo(response.getStatusCode().value());
        assertThat(response.getBody().get("correlationId").asText())
                .isEqualTo(response.getHeaders().getFirst("X-Correlation-ID"));
    }

    private String createOrganization(String owner) {
        ResponseEntity<JsonNode> response = post("/organizations", Map.of("name", "Org " + owner), owner, fresh("corr"));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return response.getBody().get("organizationId").asText();
    }

    private ResponseEntity<JsonNode> addMember(String organizationId, String caller, String userId, String role) {
        return post("/organizations/" + organizationId + "/members", Map.of("userId", userId, "role", role),
                caller, fresh("corr"));
    }

    private ResponseEntity<JsonNode> delete(String organizationId, String userId, String caller) {
        return exchange(HttpMethod.DELETE, "/organizations/" + organizationId + "/members/" + userId, null, caller,
                fresh("corr"));
    }

    private ResponseEntity<JsonNode> members(String organizationId, String caller) {
        return exchange(HttpMethod.GET, "/organizations/" + organizationId + "/members", null, caller, fresh("corr"));
    }

    private ResponseEntity<JsonNode> post(String path, Object body, String userId, String correlationId) {
        return exchange(HttpMethod.POST, path, body, userId, correlationId);
    }

    private ResponseEntity<JsonNode> exchange(HttpMethod method, String path, Object body, String userId,
                                              String correlationId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("X-Correlation-ID", correlationId);
        headers.set("traceparent", TRACEPARENT);
        if (userId != null) {
            headers.set("X-User-Id", userId);
        }
        return http.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }

    private long storedEvents(String organizationId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, organizationId);
    }

    private long allStoredEvents() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    private static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
