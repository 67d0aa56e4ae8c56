package dev.taskflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskflow.api.Role;
import dev.taskflow.api.messaging.EnvelopeCodec;
import dev.taskflow.api.organization.MemberRemovedEvent;
import dev.taskflow.api.workflow.TaskAssignedEvent;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Kafka in; in-app (HTTP), email (SMTP) and signed webhooks out. Who is notified of what, the same event
 * twice, the in-app list and its read marks, and the settings and webhook endpoints' rules.
 */
class NotificationProjectionIT extends NotificationIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anAssignmentNotifiesTheAssigneeOnceInAppByEmailAndBySignedWebhookEvenWhenDeliveredTwice() throws Exception {
        String org = id();
        String admin = id();
        String assignee = id();
        String email = "assignee-" + id().substring(0, 8) + "@example.test";
        member(org, admin, Role.ADMIN);
        knownMember(org, assignee);
        emailSettings(assignee, email);
        String path = "/hooks/" + id();
        JsonNode hook = webhook(org, admin, receiver.url(path));
        String secret = hook.get("secret").asText();
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);

        String taskId = id();
        TaskAssignedEvent assigned = new TaskAssignedEvent(org, id(), taskId, "Write the runbook", assignee, null, admin,
                Instant.parse("2026-05-01T10:00:00Z"));
        EnvelopeCodec.Context context = events.publish(assigned, admin);
        // the same record again (a redelivery), then a marker event of the same organization behind it
        events.publish(assigned, context);
        String markerTask = id();
        EnvelopeCodec.Context marker = events.publish(new TaskAssignedEvent(org, id(), markerTask, "Marker", assignee,
                null, admin, Instant.parse("2026-05-01T11:00:00Z")), admin);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(mailTo(email)).hasSize(2);
            assertThat(receiver.at(path)).hasSize(2);
            assertThat(deliveryStatus(marker.eventId(), "WEBHOOK")).isEqualTo("DELIVERED");
            assertThat(deliveryStatus(marker.eventId(), "EMAIL")).isEqualTo("DELIVERED");
        });

        // in-app: one notification of the assignment (and the marker's), newest first
        JsonNode page = notifications(assignee, "");
        assertThat(page.get("totalItems").asLong()).isEqualTo(2);
        assertThat(page.get("unread").asLong()).isEqualTo(2);
        JsonNode first = page.get("items").get(1);
        assertThat(first.get("taskId").asText()).isEqualTo(taskId);
        assertThat(first.get("kind").asText()).isEqualTo("TASK_ASSIGNED");
        assertThat(first.get("organizationId").asText()).isEqualTo(org);
        assertThat(first.get("title").asText()).isEqualTo("Write the runbook");
        assertThat(first.get("text").asText()).isEqualTo("You were assigned the task \"Write the runbook\"");
        assertThat(first.get("actorId").asText()).isEqualTo(admin);
        assertThat(first.get("createdAt").asText()).isEqualTo("2026-05-01T10:00:00Z");
        assertThat(first.get("read").asBoolean()).isFalse();
        assertThat(page.get("items").get(0).get("taskId").asText()).isEqualTo(markerTask);

        // email: one mail for the assignment, with the delivery's id
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage mail : mailTo(email)) {
            if (mail.getSubject().contains("Write the runbook")) {
                mails.add(mail);
            }
        }
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.get(0);
        assertThat(mail.getSubject()).isEqualTo("[taskflow] You were assigned the task \"Write the runbook\"");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("no-reply@taskflow.invalid");
        assertThat(String.valueOf(mail.getContent())).contains(taskId).contains(org);
        String mailDelivery = mail.getHeader("X-Taskflow-Delivery")[0];
        assertThat(mail.getMessageID()).isEqualTo("<" + mailDelivery + "@taskflow.notifications>");

        // webhook: one signed delivery of the assignment
        List<WebhookReceiver.Received> calls = receiver.at(path).stream()
                .filter(r -> r.text().contains(context.eventId())).toList();
        assertThat(calls).hasSize(1);
        WebhookReceiver.Received call = calls.get(0);
        assertThat(call.signedWith(secret)).isTrue();
        assertThat(call.signedWith(secret + "x")).isFalse();
        assertThat(call.header("Content-Type")).startsWith("application/json");
        assertThat(call.header("X-Taskflow-Event")).isEqualTo("task.assigned");
        assertThat(Long.parseLong(call.header("X-Taskflow-Timestamp")))
                .isBetween(Instant.now().getEpochSecond() - 120, Instant.now().getEpochSecond() + 5);
        JsonNode body = JSON.readTree(call.body());
        assertThat(body.get("eventId").asText()).isEqualTo(context.eventId());
        assertThat(body.get("deliveryId").asText()).isEqualTo(call.header("X-Taskflow-Delivery"));
        assertThat(body.get("type").asText()).isEqualTo("task.assigned");
        assertThat(body.get("organizationId").asText()).isEqualTo(org);
        assertThat(body.get("task").get("taskId").asText()).isEqualTo(taskId);
        assertThat(body.get("task").get("title").asText()).isEqualTo("Write the runbook");
        assertThat(body.get("data").get("assigneeId").asText()).isEqualTo(assignee);
        assertThat(body.get("notified")).hasSize(1);
        assertThat(body.get("notified").get(0).asText()).isEqualTo(assignee);

        // the delivery table: one row per (event, channel, recipient), each attempt recorded
        assertThat(deliveries(context.eventId())).isEqualTo(2);
        assertThat(jdbc.queryForList("select outcome from delivery_attempt a join delivery d on d.id = a.delivery_id "
                + "where d.event_id = ?", String.class, context.eventId())).containsExactly("DELIVERED", "DELIVERED");
        assertThat(jdbc.queryForObject("select count(*) from notification where event_id = ?", Long.class,
                context.eventId())).isEqualTo(1);
    }

    @Test
    void selfAssignmentsNotifyNobodyAndCompletionsNotifyTheWatchersButNotWhoeverCompleted() {
        String org = id();
        String creator = id();
        String assignee = id();
        String outsider = id();
        knownMember(org, creator);
        knownMember(org, assignee);
        knownMember(org, outsider);
        // assigned to themselves: nobody is notified
        String selfTask = id();
        String selfEvent = events.publish(new TaskAssignedEvent(org, id(), selfTask, "Mine", creator, null, creator,
                Instant.now()), creator).eventId();
        // completed by the assignee: the creator only
        String byAssignee = id();
        events.publish(new TaskCompletedEvent(org, id(), byAssignee, "Done by assignee", creator, assignee,
                Instant.now(), assignee, Instant.now()), assignee);
        // completed by somebody else: creator and assignee
        String byOutsider = id();
        events.publish(new TaskCompletedEvent(org, id(), byOutsider, "Done by outsider", creator, assignee,
                Instant.now(), outsider, Instant.now()), outsider);
        // creator and assignee the same person, unassigned and completed by the creator: nobody
        String ownTask = id();
        events.publish(new TaskCompletedEvent(org, id(), ownTask, "Own", creator, creator, Instant.now(), creator,
                Instant.now()), creator);
        // creator is the assignee, completed by another: once
        String sameWatcher = id();
        String marker = events.publish(new TaskCompletedEvent(org, id(), sameWatcher, "Same watcher", assignee, assignee,
                Instant.now(), outsider, Instant.now()), outsider).eventId();

        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "select count(*) from notification where event_id = ?", Long.class, marker) == 1);
        assertThat(tasksNotified(creator)).containsExactlyInAnyOrder(byAssignee, byOutsider);
        assertThat(tasksNotified(assignee)).containsExactlyInAnyOrder(byOutsider, sameWatcher);
        assertThat(tasksNotified(outsider)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from notification where event_id = ?", Long.class, selfEvent))
                .isZero();
        JsonNode completed = notifications(creator, "").get("items").get(0);
        assertThat(completed.get("kind").asText()).isEqualTo("TASK_COMPLETED");
        assertThat(completed.get("text").asText()).startsWith("The task \"Done by").endsWith("\" was completed");
    }

    @Test
    void theInAppListIsPagedNewestFirstFiltersUnreadAndOnlyItsRecipientMarksOneRead() {
        String org = id();
        String user = id();
        String other = id();
        knownMember(org, user);
        knownMember(org, other);
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String task = id();
            tasks.add(task);
            events.publish(new TaskAssignedEvent(org, id(), task, "Task " + i, user, null, other,
                    Instant.parse("2026-04-0" + (i + 1) + "T09:00:00Z")), other);
        }
        await().atMost(PATIENCE).until(() -> notifications(user, "").get("totalItems").asLong() == 5);

        JsonNode firstPage = notifications(user, "?page=0&size=2");
        assertThat(firstPage.get("items")).hasSize(2);
        assertThat(firstPage.get("items").get(0).get("taskId").asText()).isEqualTo(tasks.get(4));
        assertThat(firstPage.get("items").get(1).get("taskId").asText()).isEqualTo(tasks.get(3));
        assertThat(notifications(user, "?page=2&size=2").get("items").get(0).get("taskId").asText()).isEqualTo(tasks.get(0));

        String id = firstPage.get("items").get(1).get("id").asText();
        // somebody else's notification: 404, and nothing changes
        ResponseEntity<JsonNode> foreign = call(HttpMethod.POST, "/notifications/" + id + "/read", other, null, null);
        assertThat(foreign.getStatusCode().value()).isEqualTo(404);
        assertThat(foreign.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(foreign.getBody().get("correlationId").asText()).isNotBlank();
        assertThat(call(HttpMethod.POST, "/notifications/not-a-uuid/read", user, null, null).getStatusCode().value())
                .isEqualTo(404);
        assertThat(notifications(user, "").get("unread").asLong()).isEqualTo(5);

        ResponseEntity<JsonNode> read = call(HttpMethod.POST, "/notifications/" + id + "/read", user, null, null);
        assertThat(read.getStatusCode().value()).isEqualTo(200);
        assertThat(read.getBody().get("read").asBoolean()).isTrue();
        String readAt = read.getBody().get("readAt").asText();
        // again: no change
        assertThat(call(HttpMethod.POST, "/notifications/" + id + "/read", user, null, null).getBody().get("readAt")
                .asText()).isEqualTo(readAt);

        JsonNode unread = notifications(user, "?unread=true");
        assertThat(unread.get("totalItems").asLong()).isEqualTo(4);
        assertThat(unread.get("unread").asLong()).isEqualTo(4);
        unread.get("items").forEach(item -> assertThat(item.get("id").asText()).isNotEqualTo(id));
        assertThat(notifications(user, "").get("totalItems").asLong()).isEqualTo(5);

        assertThat(call(HttpMethod.GET, "/notifications?size=0", user, null, null).getStatusCode().value()).isEqualTo(400);
        assertThat(call(HttpMethod.GET, "/notifications?page=-1", user, null, null).getStatusCode().value()).isEqualTo(400);
        assertThat(call(HttpMethod.GET, "/notifications", null, null, null).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void aMemberRemovedFromAnOrganizationNoLongerReadsItsNotifications() {
        String org = id();
        String otherOrg = id();
        String user = id();
        knownMember(org, user);
        knownMember(otherOrg, user);
        String kept = id();
        events.publish(new TaskAssignedEvent(org, id(), id(), "Before leaving", user, null, id(), Instant.now()), "test");
        events.publish(new TaskAssignedEvent(otherOrg, id(), kept, "Elsewhere", user, null, id(), Instant.now()), "test");
        await().atMost(PATIENCE).until(() -> notifications(user, "").get("totalItems").asLong() == 2);
        String leftBehind = jdbc.queryForObject("select id::text from notification where recipient_id = ? and organization_id = ?",
                String.class, user, org);

        events.publish(new MemberRemovedEvent(org, user, "test", Instant.now()), "test");

        await().atMost(PATIENCE).until(() -> notifications(user, "").get("totalItems").asLong() == 1);
        JsonNode page = notifications(user, "");
        assertThat(page.get("items")).singleElement().satisfies(item -> assertThat(item.get("taskId").asText()).isEqualTo(kept));
        assertThat(page.get("unread").asLong()).isEqualTo(1);
        // marking it read answers like a notification that does not exist, and marks nothing
        assertThat(call(HttpMethod.POST, "/notifications/" + leftBehind + "/read", user, null, null).getStatusCode().value())
                .isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from notification_read where notification_id = ?::uuid", Long.class,
                leftBehind)).isZero();
    }

    @Test
    void settingsNameTheFieldThatIsWrong() {
        String user = id();
        JsonNode defaults = call(HttpMethod.GET, "/notifications/settings", user, null, null).getBody();
        assertThat(defaults.get("email").isNull()).isTrue();
        assertThat(defaults.get("channels").toString()).isEqualTo("[\"IN_APP\"]");

        assertThat(field(call(HttpMethod.PUT, "/notifications/settings", user, null, "{\"channels\":[\"EMAIL\"]}")))
                .isEqualTo("email");
        assertThat(field(call(HttpMethod.PUT, "/notifications/settings", user, null,
                "{\"email\":\"not an address\",\"channels\":[\"EMAIL\"]}"))).isEqualTo("email");
        assertThat(field(call(HttpMethod.PUT, "/notifications/settings", user, null,
                "{\"email\":\"a@example.test\",\"channels\":[\"PIGEON\"]}"))).isEqualTo("channels");
        assertThat(call(HttpMethod.PUT, "/notifications/settings", null, null, "{\"email\":\"a@example.test\"}")
                .getStatusCode().value()).isEqualTo(401);

        JsonNode saved = call(HttpMethod.PUT, "/notifications/settings", user, null, "{\"email\":\"a@example.test\"}")
                .getBody();
        assertThat(saved.get("email").asText()).isEqualTo("a@example.test");
        assertThat(saved.get("channels").toString()).isEqualTo("[\"IN_APP\",\"EMAIL\"]");
        JsonNode off = call(HttpMethod.PUT, "/notifications/settings", user, null,
                "{\"email\":\"a@example.test\",\"channels\":[\"IN_APP\"]}").getBody();
        assertThat(off.get("channels").toString()).isEqualTo("[\"IN_APP\"]");
        assertThat(call(HttpMethod.GET, "/notifications/settings", user, null, null).getBody().get("email").asText())
                .isEqualTo("a@example.test");
    }

    @Test
    void onlyAdminsManageWebhooksTheUrlIsCheckedAndTheSecretIsShownOnce() {
        String org = id();
        String admin = id();
        String member = id();
        member(org, admin, Role.OWNER);
        member(org, member, Role.MEMBER);
        JsonNode created = webhook(org, admin, receiver.url("/hooks/" + id()));
        String hookId = created.get("id").asText();
        assertThat(created.get("organizationId").asText()).isEqualTo(org);
        assertThat(created.get("createdBy").asText()).isEqualTo(admin);

        // once the member's own membership has arrived, the refusal is about the role
        await().atMost(PATIENCE).until(() -> String.valueOf(call(HttpMethod.GET, "/notifications/webhooks", member, org,
                null).getBody()).contains("Role MEMBER is below the required ADMIN"));
        assertThat(call(HttpMethod.POST, "/notifications/webhooks", member, org, "{\"url\":\"https://example.com/h\"}")
                .getStatusCode().value()).isEqualTo(403);
        assertThat(call(HttpMethod.DELETE, "/notifications/webhooks/" + hookId, member, org, null)
                .getStatusCode().value()).isEqualTo(403);
        assertThat(call(HttpMethod.GET, "/notifications/webhooks", admin, id(), null).getStatusCode().value())
                .isEqualTo(403);
        assertThat(call(HttpMethod.GET, "/notifications/webhooks", admin, null, null).getStatusCode().value())
                .isEqualTo(400);

        for (String url : List.of("ftp://example.com/h", "example.com/h", "", "http://", "https://u:p@example.com/h",
                "javascript:alert(1)")) {
            ResponseEntity<JsonNode> refused = call(HttpMethod.POST, "/notifications/webhooks", admin, org,
                    "{\"url\":\"" + url + "\"}");
            assertThat(refused.getStatusCode().value()).as(url).isEqualTo(400);
            assertThat(field(refused)).as(url).isEqualTo("url");
        }

        JsonNode listed = call(HttpMethod.GET, "/notifications/webhooks", admin, org, null).getBody();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(hookId);
        assertThat(listed.get(0).has("secret")).isFalse();
        assertThat(call(HttpMethod.GET, "/notifications/webhooks/" + hookId + "/deliveries", admin, org, null)
                .getBody().get("totalItems").asLong()).isZero();

        assertThat(call(HttpMethod.DELETE, "/notifications/webhooks/" + hookId, admin, org, null).getStatusCode().value())
                .isEqualTo(204);
        assertThat(call(HttpMethod.DELETE, "/notifications/webhooks/" + hookId, admin, org, null).getStatusCode().value())
                .isEqualTo(404);
        assertThat(call(HttpMethod.GET, "/notifications/webhooks", admin, org, null).getBody()).isEmpty();
    }

    @Test
    void describesItsApiAndReportsHealth() {
        JsonNode api = http.getForObject("/v3/api-docs", JsonNode.class);
        assertThat(api.get("paths").fieldNames()).toIterable().contains("/notifications", "/notifications/{id}/read",
                "/notifications/settings", "/notifications/webhooks", "/notifications/webhooks/{id}");
        JsonNode health = http.getForObject("/actuator/health", JsonNode.class);
        assertThat(health.get("status").asText()).isEqualTo("UP");
    }

    private List<String> tasksNotified(String user) {
        List<String> tasks = new ArrayList<>();
        notifications(user, "?size=100").get("items").forEach(item -> tasks.add(item.get("taskId").asText()));
        return tasks;
    }

    private static String field(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(400);
        JsonNode errors = response.getBody().get("errors");
        assertThat(errors).as(String.valueOf(response.getBody())).isNotNull();
        assertThat(errors).hasSize(1);
        return errors.get(0).get("field").asText();
    }
}
