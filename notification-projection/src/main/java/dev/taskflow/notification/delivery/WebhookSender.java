package dev.taskflow.notification.delivery;

import dev.taskflow.notification.NotificationProperties;
import dev.taskflow.notification.contacts.Webhook;
import dev.taskflow.notification.contacts.WebhookTargets;
import dev.taskflow.notification.contacts.Webhooks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Sends WEBHOOK deliveries: {@code POST <url>} with the delivery's JSON, signed
 * ({@link WebhookSignature}). A 2xx answer is delivered; anything else (another status, redirects
 * included, a timeout, a refused connection) is retried.
 */
@Component
class WebhookSender {

    private final Webhooks webhooks;
    private final WebhookTargets targets;
    private final Clock clock;
    private final Duration requestTimeout;
    private final HttpClient http;

    WebhookSender(Webhooks webhooks, WebhookTargets targets, Clock clock, NotificationProperties properties) {
        this.webhooks = webhooks;
        this.targets = targets;
        this.clock = clock;
        this.requestTimeout = properties.webhooks().requestTimeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.webhooks().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Outcome send(Delivery delivery) {
        Optional<Webhook> found = webhooks.find(UUID.fromString(delivery.recipient()));
        if (found.isEmpty()) {
            return Outcome.cancelled("the webhook was deleted");
        }
        Webhook webhook = found.get();
        URI uri = URI.create(webhook.url());
        Optional<String> refused = targets.addressProblem(uri.getHost());
        if (refused.isPresent()) {
            return Outcome.failed("url " + refused.get());
        }
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "taskflow-webhooks/1")
                .header(WebhookSignature.DELIVERY_HEADER, delivery.id().toString())
                .header(WebhookSignature.EVENT_HEADER, delivery.eventType())
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(webhook.secret(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? Outcome.delivered(status)
                    : Outcome.retry(status, "the receiver answered " + status);
        } catch (IOException e) {
            return Outcome.retry(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            // the service is being stopped hard: whether the receiver got it is unknown, so it is not sent again
            Thread.currentThread().interrupt();
            return Outcome.unknown("interrupted while sending");
        }
    }
}
