package dev.taskflow.platform;

import static dev.taskflow.platform.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.platform.WebhookReceiver.Received;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 6's acceptance test for notifications, and issue 5's "a rebuild sends nothing again", through the
 * gateway of the whole platform: a task is assigned while notification-projection is stopped; once it runs
 * again the assignee has exactly one in-app notification, one email at the platform's SMTP sink and the
 * organization's webhook exactly one signed delivery. Then an operator rebuilds the notification projection
 * from Kafka (blue-green) and nothing is sent again, while a later event still is, once.
 */
class PlatformNotificationIT extends PlatformIntegrationTest {

    private static final String SERVICE = "notification-projection";

    static WebhookReceiver receiver;
    static List<Received> webhookCalls;

    @BeforeAll
    static void webhookReceiver() {
        receiver = WebhookReceiver.start();
        webhookCalls = receiver.calls();
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aTaskAssignedWhileNotificationsAreDownIsNotifiedOnceEverywhereAfterTheRestartAndARebuildSendsNothingAgain() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        GatewayClient.User owner = gateway.signUp("owner-" + suffix);
        GatewayClient.User assignee = gateway.signUp("assignee-" + suffix);
        String email = "assignee-" + suffix + "@example.test";
        String org = json(gateway.send("POST", "/organizations", owner.token(), null, "{\"name\":\"Notified\"}"))
                .get("organizationId").asText();
        HttpResponse<String> added = gateway.send("POST", "/organizations/" + org + "/members", owner.token(), org,
                "{\"userId\":\"" + assignee.userId() + "\",\"role\":\"MEMBER\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

        // the assignee wants email; the organization registers a webhook (once the owner's membership has arrived)
        HttpResponse<String> settings = gateway.send("PUT", "/notifications/settings", assignee.token(), null,
                "{\"email\":\"" + email + "\",\"channels\":[\"EMAIL\"]}");
        assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
        String hookUrl = receiver.url();
        HttpResponse<String> registered = await().atMost(RECOVERY).until(() -> gateway.send("POST",
                "/notifications/webhooks", owner.token(), org, "{\"url\":\"" + hookUrl + "\"}"), r -> r.statusCode() != 403);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String secret = json(registered).get("secret").asText();

        HttpResponse<String> project = await().atMost(RECOVERY).until(() -> gateway.send("POST", "/workflow/projects",
                owner.token(), org, "{\"name\":\"Launch\"}"), r -> r.statusCode() == 201);
        HttpResponse<String> task = gateway.send("POST", "/workflow/tasks", owner.token(), org,
                "{\"projectId\":\"" + json(project).get("projectId").asText() + "\",\"title\":\"Write the runbook\"}");
        assertThat(task.statusCode()).as(task.body()).isEqualTo(201);
        String taskId = json(task).get("taskId").asText();

        // the notification service goes away; the assignment is accepted all the same
        platform.stopService(SERVICE);
        HttpResponse<String> assigned = await().atMost(RECOVERY).until(() -> gateway.send("PUT",
                "/workflow/tasks/" + taskId + "/assignee", owner.token(), org,
                "{\"assigneeId\":\"" + assignee.userId() + "\"}"), r -> r.statusCode() == 200);
        assertThat(json(assigned).get("assigneeId").asText()).isEqualTo(assignee.userId());
        assertThat(mailTo(email)).isEmpty();
        assertThat(webhookCalls).isEmpty();

        platform.startService(SERVICE);

        // exactly one in-app notification, one mail at the sink, one signed webhook delivery
        HttpResponse<String> inbox = await().atMost(RECOVERY).until(() -> gateway.send("GET", "/notifications",
                assignee.token(), null, null), r -> r.statusCode() == 200 && json(r).get("totalItems").asLong() > 0
                // items and totalItems are two reads: the first may miss a notification the second counts
                && !json(r).get("items").isEmpty());
        JsonNode notification = json(inbox).get("items").get(0);
        assertThat(json(inbox).get("totalItems").asLong()).isEqualTo(1);
        assertThat(notification.get("kind").asText()).isEqualTo("TASK_ASSIGNED");
        assertThat(notification.get("taskId").asText()).isEqualTo(taskId);
        assertThat(notification.get("organizationId").asText()).isEqualTo(org);
        assertThat(notification.get("actorId").asText()).isEqualTo(owner.userId());
        await().atMost(RECOVERY).until(() -> mailTo(email).size() >= 1 && webhookCalls.size() >= 1);
        JdbcTemplate notifications = platform.context(SERVICE).getBean(JdbcTemplate.class);
        await().atMost(RECOVERY).until(() -> notifications.queryForObject(
                "select count(*) from delivery where status <> 'DELIVERED'", Long.class) == 0);
        assertThat(mailTo(email)).hasSize(1);
        assertThat(subject(mailTo(email).get(0))).isEqualTo("[taskflow] You were assigned the task \"Write the runbook\"");
        assertThat(webhookCalls).hasSize(1);
        Received call = webhookCalls.get(0);
        assertThat(signedWith(call, secret)).isTrue();
        assertThat(signedWith(call, "whsec_not-the-secret")).isFalse();
        JsonNode body = parse(call.text());
        assertThat(body.get("type").asText()).isEqualTo("task.assigned");
        assertThat(body.get("task").get("taskId").asText()).isEqualTo(taskId);
        assertThat(body.get("data").get("assigneeId").asText()).isEqualTo(assignee.userId());
        assertThat(body.get("notified").toString()).isEqualTo("[\"" + assignee.userId() + "\"]");
        String assignedEvent = body.get("eventId").asText();
        assertThat(notifications.queryForList("select channel from delivery where event_id = ? order by channel",
                String.class, assignedEvent)).containsExactly("EMAIL", "WEBHOOK");

        // read in the app; the read mark must survive the rebuild
        String notificationId = notification.get("id").asText();
        assertThat(gateway.send("POST", "/notifications/" + notificationId + "/read", assignee.token(), null, null)
                .statusCode()).isEqualTo(200);
        long attemptsBefore = notifications.queryForObject("select count(*) from delivery_attempt", Long.class);

        // an operator rebuilds the notification projection from Kafka, blue-green
        String operator = gateway.signUpAndLogIn(OPERATOR);
        HttpResponse<String> rebuild = gateway.send("POST", "/admin/projections/notifications/rebuild", operator, null,
                null);
        assertThat(rebuild.statusCode()).as(rebuild.body()).isEqualTo(202);
        JsonNode swapped = await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).until(
                () -> json(gateway.send("GET", "/admin/projections/notifications", operator, null, null)).get("rebuild"),
                r -> r != null && List.of("SWAPPED", "FAILED", "CANCELLED").contains(r.get("state").asText()));
        assertThat(swapped.get("state").asText()).as(swapped.toString()).isEqualTo("SWAPPED");
        assertThat(swapped.get("processed").asLong()).isGreaterThanOrEqualTo(1);

        // the rebuilt records: the same notification, still read
        JsonNode afterRebuild = json(gateway.send("GET", "/notifications", assignee.token(), null, null));
        assertThat(afterRebuild.get("totalItems").asLong()).isEqualTo(1);
        assertThat(afterRebuild.get("items").get(0).get("id").asText()).isEqualTo(notificationId);
        assertThat(afterRebuild.get("items").get(0).get("read").asBoolean()).isTrue();

        // a later event still goes out, once: the owner completes the task, the assignee is told
        HttpResponse<String> completed = gateway.send("POST", "/workflow/tasks/" + taskId + "/complete", owner.token(),
                org, null);
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        await().atMost(RECOVERY).until(() -> mailTo(email).size() >= 2 && webhookCalls.size() >= 2);
        await().atMost(RECOVERY).until(() -> notifications.queryForObject(
                "select count(*) from delivery where status <> 'DELIVERED'", Long.class) == 0);

        // nothing of the assignment was sent again: one mail and one webhook call per event, no new attempts for it
        assertThat(mailTo(email)).hasSize(2);
        assertThat(subject(mailTo(email).get(1))).isEqualTo("[taskflow] The task \"Write the runbook\" was completed");
        assertThat(webhookCalls).hasSize(2);
        assertThat(webhookCalls).extracting(c -> parse(c.text()).get("type").asText())
                .containsExactly("task.assigned", "task.completed");
        assertThat(webhookCalls).allMatch(c -> signedWith(c, secret));
        assertThat(notifications.queryForObject("select count(*) from delivery_attempt", Long.class))
                .isEqualTo(attemptsBefore + 2);
        assertThat(notifications.queryForObject("select count(*) from delivery where event_id = ?", Long.class,
                assignedEvent)).isEqualTo(2);
        JsonNode inboxAfter = json(gateway.send("GET", "/notifications", assignee.token(), null, null));
        assertThat(inboxAfter.get("totalItems").asLong()).isEqualTo(2);
        assertThat(inboxAfter.get("unread").asLong()).isEqualTo(1);
    }

    private static List<MimeMessage> mailTo(String address) {
        return platform.mail().messages().stream().filter(message -> {
            try {
                return Arrays.stream(message.getAllRecipients()).anyMatch(a -> a.toString().equals(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a receiver checks: HMAC-SHA256 with the secret over "<timestamp>.<raw body>", in constant time. */
    private static boolean signedWith(Received call, String secret) {
        String timestamp = call.header("X-Taskflow-Timestamp");
        String signature = call.header("X-Taskflow-Signature");
        if (timestamp == null || signature == null || !signature.startsWith("sha256=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(mac.doFinal(call.body()),
                    HexFormat.of().parseHex(signature.substring("sha256=".length())));
        } catch (Exception e) {
            return false;
        }
    }

    private static JsonNode parse(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(text, e);
        }
    }
}
