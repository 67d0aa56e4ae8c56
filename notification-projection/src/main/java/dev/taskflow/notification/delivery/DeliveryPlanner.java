package dev.taskflow.notification.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskflow.notification.contacts.ContactDirectory;
import dev.taskflow.notification.contacts.ContactSettings;
import dev.taskflow.notification.contacts.Webhook;
import dev.taskflow.notification.contacts.Webhooks;
import dev.taskflow.notification.records.NotifiableEvent;
import dev.taskflow.notification.records.Notification;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Writes the deliveries of an event into the delivery table, in the live projection's transaction: an
 * email to each notified user who has email switched on and an address, and the event to each webhook of
 * the organization. What is sent (mail text, webhook JSON) is fixed here, so every retry sends the same.
 * Nothing is sent here; the {@link DeliveryDispatcher} does that.
 */
@Component
public class DeliveryPlanner {

    private final Deliveries deliveries;
    private final ContactDirectory contacts;
    private final Webhooks webhooks;
    private final ObjectMapper json;

    DeliveryPlanner(Deliveries deliveries, ContactDirectory contacts, Webhooks webhooks, ObjectMapper json) {
        this.deliveries = deliveries;
        this.contacts = contacts;
        this.webhooks = webhooks;
        this.json = json;
    }

    /** @return how many deliveries were new */
    public int plan(NotifiableEvent event) {
        int planned = 0;
        for (Notification notification : event.notifications()) {
            ContactSettings settings = contacts.of(notification.recipientId());
            if (settings.wantsEmail()) {
                planned += deliveries.add(event.eventId(), event.type(), DeliveryChannel.EMAIL, notification.recipientId(),
                        event.organizationId(), notification.id(), subject(notification), mailText(notification)) ? 1 : 0;
            }
        }
        for (Webhook webhook : webhooks.of(event.organizationId())) {
            String recipient = webhook.id().toString();
            String body = webhookBody(event, Delivery.idOf(event.eventId(), DeliveryChannel.WEBHOOK, recipient).toString());
            planned += deliveries.add(event.eventId(), event.type(), DeliveryChannel.WEBHOOK, recipient, event.organizationId(), null,
                    null, body) ? 1 : 0;
        }
        return planned;
    }

    static String subject(Notification notification) {
        return "[taskflow] " + notification.text();
    }

    static String mailText(Notification notification) {
        return """
                %s.

                Task:         %s
                Task id:      %s
                Project id:   %s
                Organization: %s
                When:         %s

                You get this email because email notifications are on for your taskflow account
                (PUT /notifications/settings switches them off).
                """.formatted(notification.text(), notification.title(), notification.taskId(),
                notification.projectId() == null ? "-" : notification.projectId(), notification.organizationId(),
                notification.createdAt());
    }

    private String webhookBody(NotifiableEvent event, String deliveryId) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("taskId", event.taskId());
        task.put("projectId", event.projectId());
        task.put("title", event.title());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveryId", deliveryId);
        body.put("eventId", event.eventId());
        body.put("type", event.type());
        body.put("organizationId", event.organizationId());
        body.put("occurredAt", event.occurredAt().toString());
        body.put("actorId", event.actorId());
        body.put("task", task);
        body.put("data", event.data());
        body.put("notified", event.notifications().stream().map(Notification::recipientId).toList());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook body of event " + event.eventId() + " not serializable", e);
        }
    }
}
