package dev.taskflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskflow.api.Role;
import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.ServiceCredentialForTests;
import dev.taskflow.infra.TestInfrastructure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jpa.DomainEventEntry;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The command side on real PostgreSQL and Kafka, called as the gateway would call it. */
@Import(ServiceCredentialForTests.SentByTestRestTemplate.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=command-side")
abstract class CommandSideIntegrationTest {

    static final Duration EVENTUALLY = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "workflow");
        ServiceCredentialForTests.register(registry);
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EntityManager entityManager;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    /** Gives {@code user} a role through Kafka, as organization-service would, and waits until the cache has it. */
    void becomeMember(String organization, String user, Role role) {
        try (KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers())) {
            kafka.publish(new MemberAddedEvent(organization, user, role, user, Instant.now()), user);
        }
        await().atMost(EVENTUALLY).until(() -> jdbc.queryForObject(
                "select count(*) from membership_cache where organization_id = ? and user_id = ? and role = ?",
                Integer.class, organization, user, role.name()) == 1);
    }

    String createProject(String organization, String user) {
        ResponseEntity<String> response = post("/workflow/projects", Map.of("name", "Launch"), headers(organization, user));
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        return read(response.getBody()).get("projectId").asText();
    }

    JsonNode createTask(String organization, String user, String projectId) {
        ResponseEntity<String> response = post("/workflow/tasks", Map.of("projectId", projectId, "title", "A task"),
                headers(organization, user));
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        return read(response.getBody());
    }

    ResponseEntity<String> post(String path, Object body, HttpHeaders headers) {
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    ResponseEntity<String> exchange(HttpMethod method, String path, Object body, HttpHeaders headers) {
        return http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    /** An event row of the store, as Axon wrote it. */
    record StoredEvent(long sequenceNumber, String payloadType, String payloadRevision, JsonNode payload) {

        String simpleType() {
            return payloadType.substring(payloadType.lastIndexOf('.') + 1);
        }
    }

    /**
     * Appends an event row as Axon's JPA store writes it (its {@code DomainEventEntry} entity, so the global
     * index comes from the same Hibernate id pool as every other event and the publisher's gap tracking is
     * not disturbed), with a payload given as the JSON some build wrote under {@code payloadType} and
     * {@code revision}: an event stored by an earlier build, or by another instance.
     */
    void storeAsAxonWould(String aggregateId, long sequenceNumber, String payloadType, String revision, String payloadJson,
                          Map<String, ?> metaData, Instant timestamp) {
        RawPayload raw = new RawPayload(payloadType, revision, payloadJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        DomainEventEntry entry = new DomainEventEntry(new GenericDomainEventMessage<>("Task", aggregateId, sequenceNumber,
                raw, metaData, java.util.UUID.randomUUID().toString(), timestamp), new RawPayloadSerializer(eventSerializer));
        new TransactionTemplate(transactions).executeWithoutResult(status -> entityManager.persist(entry));
    }

    /** A payload that is already JSON, with the type and revision to store it under. */
    record RawPayload(String type, String revision, byte[] json) {
    }

    /** Writes a {@link RawPayload} as it is; anything else (the metadata) as the platform's event serializer does. */
    private record RawPayloadSerializer(Serializer delegate) implements Serializer {

        @Override
        @SuppressWarnings("unchecked")
        public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
            if (object instanceof RawPayload raw) {
                return new SimpleSerializedObject<>((T) raw.json(), (Class<T>) byte[].class, raw.type(), raw.revision());
            }
            return delegate.serialize(object, expectedRepresentation);
        }

        @Override
        public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
            return delegate.canSerializeTo(expectedRepresentation);
        }

        @Override
        public <S, T> T deserialize(SerializedObject<S> serializedObject) {
            return delegate.deserialize(serializedObject);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Class classForType(SerializedType type) {
            return delegate.classForType(type);
        }

        @Override
        public SerializedType typeForClass(Class type) {
            return delegate.typeForClass(type);
        }

        @Override
        public Converter getConverter() {
            return delegate.getConverter();
        }
    }

    /** The aggregate's stream in the event store, in sequence order. */
    List<StoredEvent> stream(String aggregateId) {
        return jdbc.query("""
                        select sequence_number, payload_type, payload_revision, convert_from(payload, 'UTF8')
                        from domain_event_entry where aggregate_identifier = ? order by sequence_number""",
                (rs, i) -> new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), read(rs.getString(4))),
                aggregateId);
    }

    static HttpHeaders headers(String organization, String user) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("X-User-Id", user);
        headers.set("X-Organization-Id", organization);
        return headers;
    }

    /** Events in the store whose payload mentions {@code text}. */
    int eventsMentioning(String text) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where convert_from(payload, 'UTF8') like ?",
                Integer.class, "%" + text + "%");
    }

    static JsonNode read(Object json) {
        try {
            return json instanceof byte[] bytes ? JSON.readTree(bytes) : JSON.readTree((String) json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
