package dev.taskflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.taskflow.api.Role;
import dev.taskflow.api.organization.MemberAddedEvent;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.ServiceCredentialForTests;
import dev.taskflow.infra.TestInfrastructure;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
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

/**
 * The one application context of this module's integration tests (same settings, so Spring shares it: two
 * contexts would run two "notifications" processors and two dispatchers on one database). Real PostgreSQL,
 * a real Kafka broker, a real SMTP server (GreenMail) and a real HTTP webhook receiver. Retries are short.
 */
@Import(ServiceCredentialForTests.SentByTestRestTemplate.class)
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = {
        "spring.config.name=notification-projection",
        "taskflow.consumer.retry.max-attempts=3",
        "taskflow.consumer.retry.initial-interval=20ms",
        "taskflow.consumer.retry.max-interval=100ms",
        "taskflow.notification.dispatch.interval=50ms",
        "taskflow.notification.dispatch.max-attempts=4",
        "taskflow.notification.dispatch.initial-interval=300ms",
        "taskflow.notification.dispatch.multiplier=2.0",
        "taskflow.notification.dispatch.jitter=0",
        "taskflow.notification.dispatch.lease=30s",
        "taskflow.notification.webhooks.allow-private-addresses=true",
        "taskflow.notification.webhooks.request-timeout=3s",
        // the test client keeps connections open; Tomcat must not close them under it after a long wait
        "server.tomcat.keep-alive-timeout=30m"})
abstract class NotificationIntegrationTest {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final int SMTP_PORT = freePort();
    static KafkaTestClient events;
    static GreenMail smtp;
    static WebhookReceiver receiver;

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "notification");
        ServiceCredentialForTests.register(registry);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @BeforeAll
    static void servers() {
        events = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers());
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            receiver = new WebhookReceiver();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                smtp.stop();
                receiver.close();
            }));
        }
    }

    @AfterAll
    static void closeProducer() {
        events.close();
    }

    // ------------------------------------------------------------------------------------------ helpers

    static String id() {
        return UUID.randomUUID().toString();
    }

    static void member(String org, String user, Role role) {
        events.publish(new MemberAddedEvent(org, user, role, "test", Instant.now()), "test");
    }

    /** The user is a member of {@code org}, and the projection's membership cache knows it. */
    void knownMember(String org, String user) {
        member(org, user, Role.MEMBER);
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject("select count(*) from membership_cache "
                + "where organization_id = ? and user_id = ? and role is not null", Long.class, org, user) == 1);
    }

    ResponseEntity<JsonNode> call(HttpMethod method, String path, String user, String org, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        if (body != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        if (user != null) {
            headers.set("X-User-Id", user);
        }
        if (org != null) {
            headers.set("X-Organization-Id", org);
        }
        return http.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }

    void emailSettings(String user, String email) {
        ResponseEntity<JsonNode> saved = call(HttpMethod.PUT, "/notifications/settings", user, null,
                "{\"email\":\"" + email + "\",\"channels\":[\"EMAIL\"]}");
        assertThat(saved.getStatusCode().value()).as(String.valueOf(saved.getBody())).isEqualTo(200);
    }

    /** Registers a webhook as an ADMIN of {@code org} (waits until the membership has arrived); returns the answer. */
    JsonNode webhook(String org, String admin, String url) {
        ResponseEntity<JsonNode> created = await().atMost(PATIENCE).until(
                () -> call(HttpMethod.POST, "/notifications/webhooks", admin, org, "{\"url\":\"" + url + "\"}"),
                r -> r.getStatusCode().value() != 403);
        assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
        return created.getBody();
    }

    JsonNode notifications(String user, String query) {
        ResponseEntity<JsonNode> page = call(HttpMethod.GET, "/notifications" + query, user, null, null);
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        return page.getBody();
    }

    static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> {
            try {
                return Arrays.stream(message.getAllRecipients()).anyMatch(a -> a.toString().equals(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    long deliveries(String eventId) {
        return jdbc.queryForObject("select count(*) from delivery where event_id = ?", Long.class, eventId);
    }

    /** The status of the event's delivery over the channel; {@code null} while there is none. */
    String deliveryStatus(String eventId, String channel) {
        List<String> status = jdbc.queryForList("select status from delivery where event_id = ? and channel = ?",
                String.class, eventId, channel);
        assertThat(status).hasSizeLessThanOrEqualTo(1);
        return status.isEmpty() ? null : status.get(0);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
