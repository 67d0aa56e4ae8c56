package dev.taskflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.taskflow.api.Role;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.workflow.TaskAssignedEvent;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.LogCapture;
import dev.taskflow.notification.delivery.DeliveryDispatcher;
import dev.taskflow.support.operations.ProjectionRebuilds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the delivery table promises: a failing receiver is retried with exponential back-off and every
 * attempt is recorded; an SMTP server that is down delays mail but loses none; a backlog is sent oldest
 * first; an event read again and a blue-green rebuild send nothing again; an attempt whose outcome was
 * never recorded is not repeated.
 */
class NotificationDeliveryIT extends NotificationIntegrationTest {

    private static final String GROUP = "notifications";

    @Autowired
    Configuration axon;

    @Autowired
    ProjectionRebuilds rebuilds;

    @Autowired
    DeliveryDispatcher dispatcher;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aFailingWebhookIsRetriedWithExponentialBackOffAndEveryAttemptIsRecorded() {
        Tenant tenant = tenant();
        receiver.answer(tenant.path, 500, 503);
        String eventId = assign(tenant, id(), id());

        await().atMost(PATIENCE).until(() -> "DELIVERED".equals(deliveryStatus(eventId, "WEBHOOK")));
        List<WebhookReceiver.Received> calls = receiver.at(tenant.path);
        assertThat(calls).hasSize(3);
        // the same delivery each time: same id, same body, each signed
        assertThat(calls).extracting(c -> c.header("X-Taskflow-Delivery")).containsOnly(calls.get(0).header("X-Taskflow-Delivery"));
        assertThat(calls).extracting(WebhookReceiver.Received::text).containsOnly(calls.get(0).text());
        assertThat(calls).allMatch(c -> c.signedWith(tenant.secret));
        // back-off 300 ms, then 600 ms (initial-interval 300ms, multiplier 2, no jitter)
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(280));
        assertThat(Duration.between(calls.get(1).at(), calls.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(580));

        List<Map<String, Object>> attempts = jdbc.queryForList("""
                select a.attempt, a.outcome, a.status_code, a.error, a.started_at, a.finished_at
                from delivery_attempt a join delivery d on d.id = a.delivery_id
                where d.event_id = ? and d.channel = 'WEBHOOK' order by a.attempt""", eventId);
        assertThat(attempts).extracting(a -> a.get("outcome")).containsExactly("RETRY", "RETRY", "DELIVERED");
        assertThat(attempts).extracting(a -> a.get("status_code")).containsExactly(500, 503, 200);
        assertThat(attempts.get(0).get("error")).asString().contains("500");
        assertThat(attempts).allMatch(a -> a.get("finished_at") != null);

        // the organization's admins see the same through the API
        JsonNode page = call(HttpMethod.GET, "/notifications/webhooks/" + tenant.hookId + "/deliveries", tenant.admin,
                tenant.org, null).getBody();
        JsonNode delivery = page.get("items").get(0);
        assertThat(delivery.get("eventId").asText()).isEqualTo(eventId);
        assertThat(delivery.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(delivery.get("attemptCount").asInt()).isEqualTo(3);
        assertThat(delivery.get("attempts")).extracting(a -> a.get("statusCode").asInt()).containsExactly(500, 503, 200);
    }

    @Test
    void aWebhookThatNeverAnswers2xxIsGivenUpAfterTheLastAttemptAndADeletedOneIsCancelled() {
        Tenant tenant = tenant();
        receiver.answer(tenant.path, 500, 500, 500, 500, 500);
        String eventId = assign(tenant, id(), id());

        await().atMost(PATIENCE).until(() -> "FAILED".equals(deliveryStatus(eventId, "WEBHOOK")));
        assertThat(receiver.at(tenant.path)).hasSize(4);
        assertThat(jdbc.queryForObject("select last_error from delivery where event_id = ? and channel = 'WEBHOOK'",
                String.class, eventId)).contains("500");

        Tenant gone = tenant();
        dispatcher.stop();
        try {
            String later = assign(gone, id(), id());
            await().atMost(PATIENCE).until(() -> deliveries(later) == 1);
            assertThat(call(HttpMethod.DELETE, "/notifications/webhooks/" + gone.hookId, gone.admin, gone.org, null)
                    .getStatusCode().value()).isEqualTo(204);
            dispatcher.start();
            await().atMost(PATIENCE).until(() -> "CANCELLED".equals(deliveryStatus(later, "WEBHOOK")));
            assertThat(receiver.at(gone.path)).isEmpty();
        } finally {
            dispatcher.start();
        }
    }

    @Test
    void mailWaitsWhileTheSmtpServerIsDownAndGoesOutOnceWhenItIsBack() throws Exception {
        String assignee = id();
        String email = "down-" + id().substring(0, 8) + "@example.test";
        emailSettings(assignee, email);
        smtp.stop();
        String eventId;
        try {
            eventId = events.publish(new TaskAssignedEvent(id(), id(), id(), "While SMTP is down", assignee, null, id(),
                    Instant.now()), "u").eventId();
            await().atMost(PATIENCE).until(() -> jdbc.queryForObject("""
                    select count(*) from delivery_attempt a join delivery d on d.id = a.delivery_id
                    where d.event_id = ? and a.outcome = 'RETRY'""", Long.class, eventId) >= 1);
            assertThat(deliveryStatus(eventId, "EMAIL")).isIn("PENDING", "SENDING");
        } finally {
            smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
        }
        String sent = eventId;
        await().atMost(PATIENCE).until(() -> "DELIVERED".equals(deliveryStatus(sent, "EMAIL")));
        assertThat(mailTo(email)).hasSize(1);
        assertThat(mailTo(email).get(0).getSubject()).contains("While SMTP is down");
        assertThat(jdbc.queryForList("""
                select a.outcome from delivery_attempt a join delivery d on d.id = a.delivery_id
                where d.event_id = ? order by a.attempt""", String.class, eventId)).last().isEqualTo("DELIVERED");
    }

    @Test
    void aBacklogBuiltUpWhileTheDispatcherWasStoppedIsDeliveredOldestFirst() {
        Tenant tenant = tenant();
        String assignee = id();
        String email = "backlog-" + id().substring(0, 8) + "@example.test";
        emailSettings(assignee, email);
        List<String> eventIds = new ArrayList<>();
        dispatcher.stop();
        try {
            for (int i = 0; i < 8; i++) {
                eventIds.add(events.publish(new TaskAssignedEvent(tenant.org, id(), id(), "Backlog " + i, assignee, null,
                        tenant.admin, Instant.now()), tenant.admin).eventId());
            }
            await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                    "select count(*) from delivery where event_id = any(?) and status = 'PENDING'", Long.class,
                    (Object) eventIds.toArray(String[]::new)) == 16);
            assertThat(receiver.at(tenant.path)).isEmpty();
        } finally {
            dispatcher.start();
        }
        await().atMost(PATIENCE).until(() -> receiver.at(tenant.path).size() == 8 && mailTo(email).size() == 8);
        // oldest first: in the order the projection wrote the deliveries, which for events of different tasks
        // need not be the order they were published in (two segments side by side, docs/scaling.md)
        assertThat(receiver.at(tenant.path)).extracting(r -> eventIdOf(r.text()))
                .containsExactlyElementsOf(projected(eventIds, "WEBHOOK"));
        List<String> subjects = new ArrayList<>();
        for (var mail : mailTo(email)) {
            subjects.add(subject(mail));
        }
        List<String> expected = new ArrayList<>();
        for (String eventId : projected(eventIds, "EMAIL")) {
            expected.add("[taskflow] You were assigned the task \"Backlog " + eventIds.indexOf(eventId) + "\"");
        }
        assertThat(subjects).containsExactlyElementsOf(expected);
    }

    /** The events' deliveries on {@code channel} in the order the projection wrote them. */
    private List<String> projected(List<String> eventIds, String channel) {
        List<String> projected = jdbc.queryForList("select event_id from delivery where event_id = any(?) and channel = ? "
                + "order by seq", String.class, eventIds.toArray(String[]::new), channel);
        assertThat(projected).containsExactlyInAnyOrderElementsOf(eventIds);
        return projected;
    }

    /**
     * At-least-once consumption for real: the processor's stored Kafka position is moved back before an event
     * that was delivered (what a crash between applying and committing leaves), so the event is read and
     * handled again as a live event. No record, delivery or attempt is added and nothing is sent again.
     */
    @Test
    void anEventReadAgainAfterItWasDeliveredAddsNothingAndSendsNothingAgain() {
        Tenant tenant = tenant();
        String assignee = id();
        knownMember(tenant.org, assignee);
        String email = "again-" + id().substring(0, 8) + "@example.test";
        emailSettings(assignee, email);
        EnvelopeCodec.Context context = KafkaTestClient.context(tenant.admin);
        RecordMetadata landed = events.publish(new TaskAssignedEvent(tenant.org, id(), id(), "Read twice", assignee, null,
                tenant.admin, Instant.now()), context);
        String eventId = context.eventId();
        await().atMost(PATIENCE).until(() -> "DELIVERED".equals(deliveryStatus(eventId, "WEBHOOK"))
                && "DELIVERED".equals(deliveryStatus(eventId, "EMAIL")));
        String notification = notifications(assignee, "").get("items").get(0).get("id").asText();
        call(HttpMethod.POST, "/notifications/" + notification + "/read", assignee, null, null);

        try (LogCapture projectionLog = LogCapture.of("dev.taskflow.notification.projection.NotificationProjection")) {
            TrackingEventProcessor processor = axon.eventProcessingConfiguration()
                    .eventProcessor(GROUP, TrackingEventProcessor.class).orElseThrow();
            processor.shutDown();
            try {
                TokenStore tokens = axon.eventProcessingConfiguration().tokenStore(GROUP);
                // every segment: the one the event belongs to handles it again, the others read past it
                new TransactionTemplate(transactions).executeWithoutResult(status -> {
                    for (int segment : tokens.fetchSegments(GROUP)) {
                        Map<TopicPartition, Long> positions = new HashMap<>(KafkaTrackingToken.from(
                                WrappedToken.unwrapLowerBound(tokens.fetchToken(GROUP, segment))).getPositions());
                        TopicPartition partition = new TopicPartition(landed.topic(), landed.partition());
                        assertThat(positions.get(partition)).isGreaterThanOrEqualTo(landed.offset());
                        if (landed.offset() == 0) {
                            positions.remove(partition);
                        } else {
                            positions.put(partition, landed.offset() - 1);
                        }
                        tokens.storeToken(KafkaTrackingToken.newInstance(positions), GROUP, segment);
                        tokens.releaseClaim(GROUP, segment);
                    }
                });
            } finally {
                processor.start();
            }
            String marker = events.publish(new TaskCompletedEvent(tenant.org, id(), id(), "Marker", assignee, null,
                    Instant.now(), tenant.admin, Instant.now()), tenant.admin).eventId();
            // the marker's segment may be another than the event's: wait for both, and for both of the
            // marker's deliveries, which are counted below
            await().atMost(PATIENCE).until(() -> "DELIVERED".equals(deliveryStatus(marker, "WEBHOOK"))
                    && "DELIVERED".equals(deliveryStatus(marker, "EMAIL"))
                    && !projectionLog.messagesContaining("Duplicate event ignored: eventId=" + eventId).isEmpty());
            assertThat(projectionLog.messagesContaining("Duplicate event ignored: eventId=" + eventId)).hasSize(1);
        }

        // the record is there once, still read; nothing was sent twice, no delivery or attempt added
        JsonNode again = notifications(assignee, "?size=100");
        assertThat(again.get("items")).filteredOn(item -> item.get("id").asText().equals(notification)).singleElement()
                .satisfies(item -> assertThat(item.get("read").asBoolean()).isTrue());
        assertThat(receiver.at(tenant.path)).hasSize(2);
        assertThat(mailTo(email)).hasSize(2);
        assertThat(deliveries(eventId)).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from delivery_attempt a join delivery d on d.id = a.delivery_id "
                + "where d.event_id = ?", Long.class, eventId)).isEqualTo(2);
    }

    @Test
    void aBlueGreenRebuildWritesOnlyItsShadowTableAndSendsNothing() {
        Tenant tenant = tenant();
        String assignee = id();
        knownMember(tenant.org, assignee);
        String email = "rebuild-" + id().substring(0, 8) + "@example.test";
        emailSettings(assignee, email);
        String eventId = assign(tenant, assignee, id());
        await().atMost(PATIENCE).until(() -> "DELIVERED".equals(deliveryStatus(eventId, "WEBHOOK"))
                && "DELIVERED".equals(deliveryStatus(eventId, "EMAIL")));
        String notification = notifications(assignee, "").get("items").get(0).get("id").asText();
        call(HttpMethod.POST, "/notifications/" + notification + "/read", assignee, null, null);
        long deliveriesBefore = jdbc.queryForObject("select count(*) from delivery", Long.class);
        long attemptsBefore = jdbc.queryForObject("select count(*) from delivery_attempt", Long.class);
        long recordsBefore = jdbc.queryForObject("select count(*) from notification", Long.class);

        rebuilds.start(GROUP, true, "test-operator");
        try {
            await().atMost(PATIENCE).until(() -> rebuilds.view(GROUP).map(v -> v.state()).orElse(""),
                    state -> state.equals("SWAPPED") || state.equals("FAILED"));
        } finally {
            // a rebuild left running would swap itself in during the next test
            if (List.of("BUILDING", "READY").contains(rebuilds.view(GROUP).map(v -> v.state()).orElse(""))) {
                rebuilds.cancel(GROUP, "test-operator");
            }
        }
        assertThat(rebuilds.view(GROUP).orElseThrow().state()).as(String.valueOf(rebuilds.view(GROUP))).isEqualTo("SWAPPED");

        assertThat(jdbc.queryForObject("select count(*) from notification", Long.class)).isGreaterThanOrEqualTo(recordsBefore);
        assertThat(jdbc.queryForObject("select to_regclass('notification__rebuild') is null", Boolean.class)).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from delivery", Long.class)).isEqualTo(deliveriesBefore);
        assertThat(jdbc.queryForObject("select count(*) from delivery_attempt", Long.class)).isEqualTo(attemptsBefore);
        JsonNode after = notifications(assignee, "");
        assertThat(after.get("totalItems").asLong()).isEqualTo(1);
        assertThat(after.get("items").get(0).get("id").asText()).isEqualTo(notification);
        assertThat(after.get("items").get(0).get("read").asBoolean()).isTrue();

        // the live projection goes on after the swap: a new event is recorded and delivered once
        String next = assign(tenant, assignee, id());
        await().atMost(PATIENCE).until(() -> "DELIVERED".equals(deliveryStatus(next, "WEBHOOK"))
                && "DELIVERED".equals(deliveryStatus(next, "EMAIL")));
        assertThat(receiver.at(tenant.path)).hasSize(2);
        assertThat(mailTo(email)).hasSize(2);
    }

    @Test
    void anAttemptWhoseOutcomeWasNeverRecordedIsMarkedUncertainAndNotSentAgain() {
        Tenant tenant = tenant();
        // what a process that died while sending leaves behind: claimed long ago, attempt started, no outcome
        String eventId = id();
        UUID delivery = UUID.randomUUID();
        jdbc.update("""
                insert into delivery (id, event_id, event_type, channel, recipient, organization_id, payload, status,
                                      attempts, next_attempt_at, claimed_at, claimed_by)
                values (?, ?, 'task.assigned', 'WEBHOOK', ?, ?, '{}', 'SENDING', 1, now() - interval '1 hour',
                        now() - interval '1 hour', 'a-dead-process')""", delivery, eventId, tenant.hookId, tenant.org);
        jdbc.update("insert into delivery_attempt (delivery_id, attempt, started_at) values (?, 1, now() - interval '1 hour')",
                delivery);
        // a later delivery to the same webhook waits behind it until it is settled, then goes out
        String later = assign(tenant, id(), id());

        await().atMost(PATIENCE).until(() -> "UNCERTAIN".equals(deliveryStatus(eventId, "WEBHOOK")));
        assertThat(jdbc.queryForObject("select outcome from delivery_attempt where delivery_id = ?", String.class, delivery))
                .isEqualTo("INTERRUPTED");
        await().atMost(PATIENCE).until(() -> "DELIVERED".equals(deliveryStatus(later, "WEBHOOK")));
        assertThat(receiver.at(tenant.path)).extracting(r -> eventIdOf(r.text())).containsExactly(later);
        assertThat(jdbc.queryForObject("select attempts from delivery where id = ?", Integer.class, delivery)).isEqualTo(1);
    }

    @Test
    void aPoisonRecordIsParkedAndTheNextEventIsNotified() {
        String org = id();
        String assignee = id();
        RecordMetadata poison = events.publishRaw(Topics.WORKFLOW_TASK_ASSIGNED, org,
                "not an envelope".getBytes(StandardCharsets.UTF_8));
        String after = events.publish(new TaskAssignedEvent(org, id(), id(), "After poison", assignee, null, id(),
                Instant.now()), "u").eventId();
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject("select count(*) from notification where event_id = ?",
                Long.class, after) == 1);
        String sequence = "poison:" + poison.topic() + "-" + poison.partition() + "@" + poison.offset();
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject("select count(*) from dead_letter_entry "
                + "where processing_group = ? and sequence_identifier = ?", Long.class, GROUP, sequence) == 1);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** An organization with an OWNER and a webhook at a path of its own. */
    private Tenant tenant() {
        String org = id();
        String admin = id();
        member(org, admin, Role.OWNER);
        String path = "/hooks/" + id();
        JsonNode hook = webhook(org, admin, receiver.url(path));
        return new Tenant(org, admin, path, hook.get("id").asText(), hook.get("secret").asText());
    }

    private record Tenant(String org, String admin, String path, String hookId, String secret) {
    }

    /** Assigns a new task to {@code assignee} in the tenant's organization; returns the event id. */
    private String assign(Tenant tenant, String assignee, String task) {
        return events.publish(new TaskAssignedEvent(tenant.org, id(), task, "Task " + task.substring(0, 8), assignee,
                null, tenant.admin, Instant.now()), tenant.admin).eventId();
    }

    private static String eventIdOf(String body) {
        int at = body.indexOf("\"eventId\":\"") + "\"eventId\":\"".length();
        return body.substring(at, body.indexOf('"', at));
    }

    private static String subject(jakarta.mail.internet.MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
