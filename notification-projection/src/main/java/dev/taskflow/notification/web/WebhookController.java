package dev.taskflow.notification.web;

import dev.taskflow.api.Role;
import dev.taskflow.notification.NotificationProperties;
import dev.taskflow.notification.contacts.Webhook;
import dev.taskflow.notification.contacts.Webhooks;
import dev.taskflow.notification.delivery.Deliveries;
import dev.taskflow.notification.delivery.DeliveryChannel;
import dev.taskflow.notification.delivery.DeliveryRecord;
import dev.taskflow.support.membership.MembershipGuard;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.RequestContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The active organization's webhooks, for its OWNERs and ADMINs. */
@RestController
class WebhookController {

    private final Webhooks webhooks;
    private final Deliveries deliveries;
    private final MembershipGuard guard;
    private final int maxPerOrganization;

    WebhookController(Webhooks webhooks, Deliveries deliveries, MembershipGuard guard, NotificationProperties properties) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.guard = guard;
        this.maxPerOrganization = properties.webhooks().maxPerOrganization();
    }

    /** A webhook as listed: never its secret. */
    record WebhookView(UUID id, String organizationId, String url, String createdBy, Instant createdAt) {

        static WebhookView of(Webhook w) {
            return new WebhookView(w.id(), w.organizationId(), w.url(), w.createdBy(), w.createdAt());
        }
    }

    /** The answer to a registration: the only time the secret is shown. */
    record RegisteredWebhook(UUID id, String organizationId, String url, String secret, String createdBy,
                             Instant createdAt) {
    }

    @Operation(summary = "Registers a webhook URL for the active organization (ADMIN+); the answer holds its signing "
            + "secret, shown this once")
    @PostMapping("/notifications/webhooks")
    ResponseEntity<RegisteredWebhook> register(@Valid @RequestBody WebhookRequest request,
                                               @Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.ADMIN);
        if (webhooks.count(organizationId) >= maxPerOrganization) {
            throw ApiProblem.conflict("Organization " + organizationId + " has " + maxPerOrganization
                    + " webhooks already; delete one first");
        }
        Webhook webhook = webhooks.register(organizationId, request.url().trim(), context.requireUser());
        return ResponseEntity.created(URI.create("/notifications/webhooks/" + webhook.id()))
                .body(new RegisteredWebhook(webhook.id(), webhook.organizationId(), webhook.url(), webhook.secret(),
                        webhook.createdBy(), webhook.createdAt()));
    }

    @Operation(summary = "The active organization's webhooks, oldest first, without secrets (ADMIN+)")
    @GetMapping("/notifications/webhooks")
    List<WebhookView> list(@Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.ADMIN);
        return webhooks.of(organizationId).stream().map(WebhookView::of).toList();
    }

    @Operation(summary = "Deletes a webhook of the active organization (ADMIN+); deliveries not sent yet are cancelled")
    @DeleteMapping("/notifications/webhooks/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, @Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.ADMIN);
        if (!webhooks.delete(organizationId, parse(id))) {
            throw ApiProblem.notFound("Webhook " + id);
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "A webhook's deliveries, newest first, each with every attempt (ADMIN+)")
    @GetMapping("/notifications/webhooks/{id}/deliveries")
    Paging.Page<DeliveryRecord> deliveries(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
                                           @RequestParam(defaultValue = "20") int size,
                                           @Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.ADMIN);
        Paging.validate(page, size);
        Webhook webhook = webhooks.find(parse(id)).filter(w -> w.organizationId().equals(organizationId))
                .orElseThrow(() -> ApiProblem.notFound("Webhook " + id));
        List<DeliveryRecord> items = deliveries.ofRecipient(DeliveryChannel.WEBHOOK, webhook.id().toString(), page, size);
        return new Paging.Page<>(items, page, size,
                deliveries.countOfRecipient(DeliveryChannel.WEBHOOK, webhook.id().toString()));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("Webhook " + id);
        }
    }
}
