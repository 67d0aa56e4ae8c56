package dev.taskflow.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.Role;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.api.organization.MemberRemovedEvent;
import dev.taskflow.api.organization.OrganizationCreatedEvent;
import dev.taskflow.billing.integration.SubscriptionStarter;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.KafkaTestClient.Envelope;
import dev.taskflow.infra.ServiceCredentialForTests;
import dev.taskflow.infra.TestInfrastructure;
import dev.taskflow.support.membership.MembershipDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
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
 * Billing end to end: organization events produced to the real broker as organization-service would,
 * HTTP in, real PostgreSQL event store, billing.entitlements.updated out. Fresh identifiers per test.
 */
@Import(ServiceCredentialForTests.SentByTestRestTemplate.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=billing-service")
class BillingServiceIT {

    private static final Duration KAFKA_WAIT = Duration.ofSeconds(30);
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

    private static KafkaTestClient kafka;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "billing");
        ServiceCredentialForTests.register(registry);
    }

    @BeforeAll
    static void openClients() {
        kafka = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers());
    }

    @AfterAll
    static void closeClients() {
        kafka.close();
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MembershipDirectory membership;

    // ---------------------------------------------------------------- OrganizationCreated from Kafka

    @Test
    void organizationCreatedStartsAFreeSubscriptionExactlyOnce() {
        String organizationId = fresh("org");
        String creator = fresh("user");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        OrganizationCreatedEvent event = new OrganizationCreatedEvent(organizationId, "Acme", creator, before);
        EnvelopeCodec.Context created = KafkaTestClient.context(creator);

        kafka.publish(event, created);

        Envelope entitlements = await().atMost(KAFKA_WAIT).until(
                () -> kafka.read(Topics.BILLING_ENTITLEMENTS_UPDATED, organizationId), l -> l.size() == 1).get(0);
        assertEnvelope(entitlements, organizationId, creator, created.correlationId(), before);
        assertThat(entitlements.text("traceId")).isNull();
        assertData(entitlements, organizationId, "FREE", 3, 25);

        // the very same record again, then a marker behind it on the same partition
        RecordMetadata duplicate = kafka.publish(event, created);
        awaitConsumedUpTo(duplicate);

        assertThat(kafka.read(Topics.BILLING_ENTITLEMENTS_UPDATED, organizationId)).hasSize(1);
        assertThat(storedEvents(organizationId)).isEqualTo(1);
    }

    @Test
    void theSameOrganizationCreatedUnderANewEventIdIsStillStartedOnce() {
        String organizationId = fresh("org");
        String creator = fresh("user");
        OrganizationCreatedEvent event = new OrganizationCreatedEvent(organizationId, "Acme", creator, Instant.now());
        kafka.publish(event, creator);
        await().atMost(KAFKA_WAIT).until(() -> storedEvents(organizationId) == 1);

        RecordMetadata replay = kafka.publish(event, KafkaTestClient.context(creator));
        awaitConsumedUpTo(replay);

        assertThat(storedEvents(organizationId)).isEqualTo(1);
        assertThat(kafka.read(Topics.BILLING_ENTITLEMENTS_UPDATED, organizationId)).hasSize(1);
    }

    @Test
    void aMalformedOrganizationCreatedIsDeadLetteredAtOnceAndLaterOrganizationsStillGetTheirPlan() {
        String key = fresh("org");
        RecordMetadata poison = kafka.publishRaw(Topics.ORGANIZATION_CREATED, key,
                "{not an envelope".getBytes(StandardCharsets.UTF_8));

        awaitConsumedUpTo(poison);

        var parked = await().atMost(KAFKA_WAIT).until(() -> kafka.recordsWithHeader("billing.dlq",
                "dlq-original-offset", String.valueOf(poison.offset())).stream()
                .filter(r -> r.key().equals(key)).toList(), l -> !l.isEmpty());
        assertThat(KafkaTestClient.headers(parked.get(0)))
                .containsEntry("dlq-original-topic", Topics.ORGANIZATION_CREATED)
                .containsEntry("dlq-processing-group", SubscriptionStarter.GROUP);
        assertThat(jdbc.queryForObject("select count(*) from dead_letter_entry where processing_group = ?",
                Integer.class, SubscriptionStarter.GROUP)).isPositive();
    }

    // ---------------------------------------------------------------- PUT plan

    @Test
    void theOwnerChangesThePlan() {
        String organizationId = fresh("org");
        String owner = fresh("owner");
        kafka.publish(new OrganizationCreatedEvent(organizationId, "Acme", owner, Instant.now()), owner);
        knownMember(organizationId, owner, Role.OWNER);
        await().atMost(KAFKA_WAIT).until(() -> storedEvents(organizationId) == 1);
        String correlationId = fresh("corr");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        ResponseEntity<JsonNode> response = putPlan(organizationId, owner, Map.of("plan", "TEAM"), correlationId, null);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getFirst("X-Correlation-ID")).isEqualTo(correlationId);
        JsonNode body = response.getBody();
        assertThat(body.get("organizationId").asText()).isEqualTo(organizationId);
        assertThat(body.get("plan").asText()).isEqualTo("TEAM");
        assertThat(body.get("maxProjects").asInt()).isEqualTo(50);
        assertThat(body.get("maxTasks").asInt()).isEqualTo(10_000);

        List<Envelope> published = await().atMost(KAFKA_WAIT).until(
                () -> kafka.read(Topics.BILLING_ENTITLEMENTS_UPDATED, organizationId), l -> l.size() == 2);
        assertThat(published).extracting(e -> e.data().get("plan").asText()).containsExactly("FREE", "TEAM");
        Envelope team = published.get(1);
        assertEnvelope(team, organizationId, owner, correlationId, before);
        assertThat(team.text("traceId")).isEqualTo(TRACE_ID);
        assertThat(team.headers()).containsEntry("traceparent", TRACEPARENT);
        assertData(team, organizationId, "TEAM", 50, 10_000);

        JsonNode current = getEntitlements(organizationId, owner).getBody();
        assertThat(current.get("plan").asText()).isEqualTo("TEAM");
        assertThat(current.get("maxProjects").asInt()).isEqualTo(50);
        assertThat(current.get("maxTasks").asInt()).isEqualTo(10_000);
    }

    @Test
    void nonOwnersAreForbiddenAndWriteNothing_andAPlanChangeNeedsNoOrganizationCreated() {
        String organizationId = fresh("org");
        String owner = fresh("owner");
        String admin = fresh("admin");
        knownMember(organizationId, owner, Role.OWNER);
        knownMember(organizationId, admin, Role.ADMIN);

        for (String caller : List.of(admin, fresh("stranger"))) {
            ResponseEntity<JsonNode> response = putPlan(organizationId, caller, Map.of("plan", "TEAM"), fresh("corr"), null);
            assertThat(response.getStatusCode()).as(caller).isEqualTo(HttpStatus.FORBIDDEN);
            assertProblem(response);
        }
        assertThat(storedEvents(organizationId)).isZero();

        // OrganizationCreated never arrived: the owner's change creates the subscription
        ResponseEntity<JsonNode> byOwner = putPlan(organizationId, owner, Map.of("plan", "ENTERPRISE"), fresh("corr"),
                organizationId);

        assertThat(byOwner.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(byOwner.getBody().get("maxProjects").asInt()).isEqualTo(-1);
        assertThat(await().atMost(KAFKA_WAIT).until(
                        () -> kafka.read(Topics.BILLING_ENTITLEMENTS_UPDATED, organizationId), l -> !l.isEmpty()))
                .extracting(e -> e.data().get("plan").asText()).containsExactly("ENTERPRISE");
    }

    @Test
    void aLateOrganizationCreatedKeepsTheChosenPlan() {
        String organizationId = fresh("org");
        String owner = fresh("owner");
        knownMember(organizationId, owner, Role.OWNER);
        assertThat(putPlan(organizationId, owner, Map.of("plan", "TEAM"), fresh("corr"), null).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        RecordMetadata late = kafka.publish(new OrganizationCreatedEvent(organizationId, "Acme", owner, Instant.now()),
                KafkaTestClient.context(owner));
        awaitConsumedUpTo(late);

        assertThat(storedEvents(organizationId)).isEqualTo(1);
        assertThat(kafka.read(Topics.BILLING_ENTITLEMENTS_UPDATED, organizationId))
                .extracting(e -> e.data().get("plan").asText()).containsExactly("TEAM");
        assertThat(getEntitlements(organizationId, owner).getBody().get("plan").asText()).isEqualTo("TEAM");
    }

    @Test
    void aRemovedOwnerLosesTheRight() {
        String organizationId = fresh("org");
        String owner = fresh("owner");
        knownMember(organizationId, owner, Role.OWNER);
        kafka.publish(new MemberRemovedEvent(organizationId, owner, fresh("other"), Instant.now()), owner);
        await().atMost(KAFKA_WAIT).until(() -> membership.roleOf(organizationId, owner).isEmpty());

        ResponseEntity<JsonNode> response = putPlan(organizationId, owner, Map.of("plan", "TEAM"), fresh("corr"), null);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(storedEvents(organizationId)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GOLD", "team", "", "MISSING"})
    void anUnknownPlanIsABadRequestNamingThePlan(String plan) {
        String organizationId = fresh("org");
        String owner = fresh("owner");
        knownMember(organizationId, owner, Role.OWNER);
        Map<String, Object> body = new HashMap<>();
        if (!plan.equals("MISSING")) {
            body.put("plan", plan);
        }

        ResponseEntity<JsonNode> response = putPlan(organizationId, owner, body, fresh("corr"), null);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertProblem(response);
        assertThat(response.getBody().get("errors")).extracting(e -> e.get("field").asText()).containsExactly("plan");
        assertThat(storedEvents(organizationId)).isZero();
    }

    @Test
    void anotherActiveOrganizationIsABadRequestAndNoUserIsUnauthorized() {
        String organizationId = fresh("org");
        String owner = fresh("owner");
        knownMember(organizationId, owner, Role.OWNER);

        ResponseEntity<JsonNode> mismatch = putPlan(organizationId, owner, Map.of("plan", "TEAM"), fresh("corr"),
                fresh("other-org"));
        ResponseEntity<JsonNode> anonymous = putPlan(organizationId, null, Map.of("plan", "TEAM"), fresh("corr"), null);

        assertThat(mismatch.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertProblem(mismatch);
        assertThat(mismatch.getBody().get("detail").asText()).contains("X-Organization-Id");
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertProblem(anonymous);
        assertThat(storedEvents(organizationId)).isZero();
    }

    // ---------------------------------------------------------------- GET entitlements

    @Test
    void membersSeeFreeLimitsWhileNothingIsKnownAndViewersAndStrangersAreForbidden() {
        String organizationId = fresh("org");
        String member = fresh("member");
        String viewer = fresh("viewer");
        knownMember(organizationId, member, Role.MEMBER);
        knownMember(organizationId, viewer, Role.VIEWER);

        ResponseEntity<JsonNode> response = getEntitlements(organizationId, member);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode body = response.getBody();
        assertThat(body.get("organizationId").asText()).isEqualTo(organizationId);
        assertThat(body.get("plan").asText()).isEqualTo("FREE");
        assertThat(body.get("maxProjects").asInt()).isEqualTo(3);
        assertThat(body.get("maxTasks").asInt()).isEqualTo(25);
        assertThat(body.has("updatedAt")).isFalse();
        assertThat(getEntitlements(organizationId, viewer).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(getEntitlements(organizationId, fresh("stranger")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    // ---------------------------------------------------------------- helpers

    /** Produces MemberAdded as organization-service would and waits until the local cache has it. */
    private void knownMember(String organizationId, String userId, Role role) {
        kafka.publish(new MemberAddedEvent(organizationId, userId, role, userId, Instant.now()), userId);
        await().atMost(KAFKA_WAIT).until(() -> membership.roleOf(organizationId, userId).filter(role::equals).isPresent());
    }

    /**
     * Waits until the subscription starter has handled everything up to {@code record}: a marker
     * organization is created on the same partition behind it, and its FREE entitlements reach Kafka.
     * Partitions are read in order and the publisher publishes in event store order, so by then any
     * event caused by {@code record} would be on the topic too.
     */
    private void awaitConsumedUpTo(RecordMetadata record) {
        String marker = fresh("marker-org");
        kafka.publish(new OrganizationCreatedEvent(marker, "marker", "marker-user", Instant.now()),
                KafkaTestClient.context("marker-user"), record.partition());
        await().atMost(KAFKA_WAIT).until(() -> kafka.read(Topics.BILLING_ENTITLEMENTS_UPDATED, marker), l -> l.size() == 1);
    }

    private static void assertEnvelope(Envelope envelope, String organizationId, String userId, String correlationId,
                                       Instant notBefore) {
        assertThat(envelope.key()).isEqualTo(organizationId);
        assertThat(UUID.fromString(envelope.text("eventId"))).isNotNull();
        assertThat(envelope.text("eventType")).isEqualTo("EntitlementsUpdated");
        assertThat(envelope.text("eventVersion")).isEqualTo("v1");
        assertThat(Instant.parse(envelope.text("timestamp"))).isAfterOrEqualTo(notBefore);
        assertThat(envelope.text("source")).isEqualTo("billing-service");
        assertThat(envelope.text("correlationId")).isEqualTo(correlationId);
        assertThat(envelope.text("userId")).isEqualTo(userId);
        assertThat(envelope.text("organizationId")).isEqualTo(organizationId);
        assertThat(envelope.headers()).containsEntry("eventId", envelope.text("eventId"))
                .containsEntry("correlationId", correlationId);
    }

    private static void assertData(Envelope envelope, String organizationId, String plan, int maxProjects, int maxTasks) {
        JsonNode data = envelope.data();
        assertThat(data.get("organizationId").asText()).isEqualTo(organizationId);
        assertThat(data.get("plan").asText()).isEqualTo(plan);
        assertThat(data.get("maxProjects").asInt()).isEqualTo(maxProjects);
        assertThat(data.get("maxTasks").asInt()).isEqualTo(maxTasks);
        assertThat(Instant.parse(data.get("updatedAt").asText())).isBefore(Instant.now().plusSeconds(1));
    }

    private static void assertProblem(ResponseEntity<JsonNode> response) {
        assertThat(response.getHeaders().getContentType()).isNotNull();
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody().get("status").asInt()).isEqualTo(response.getStatusCode().value());
        assertThat(response.getBody().get("correlationId").asText())
                .isEqualTo(response.getHeaders().getFirst("X-Correlation-ID"));
    }

    private ResponseEntity<JsonNode> putPlan(String organizationId, String userId, Object body, String correlationId,
                                             String activeOrganization) {
        return exchange(HttpMethod.PUT, "/billing/organizations/" + organizationId + "/plan", body, userId,
                correlationId, activeOrganization);
    }

    private ResponseEntity<JsonNode> getEntitlements(String organizationId, String userId) {
        return exchange(HttpMethod.GET, "/billing/organizations/" + organizationId + "/entitlements", null, userId,
                fresh("corr"), null);
    }

    private ResponseEntity<JsonNode> exchange(HttpMethod method, String path, Object body, String userId,
                                              String correlationId, String activeOrganization) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("X-Correlation-ID", correlationId);
        headers.set("traceparent", TRACEPARENT);
        if (userId != null) {
            headers.set("X-User-Id", userId);
        }
        if (activeOrganization != null) {
            headers.set("X-Organization-Id", activeOrganization);
        }
        return http.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }

    private long storedEvents(String organizationId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, organizationId);
    }

    private static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
