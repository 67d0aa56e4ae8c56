package dev.taskflow.support.outbox;

import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The outbox backlog for operators, reached through the gateway's {@code GET /admin/outbox} (platform
 * operators only). Answers the last measurement rather than measuring: the console polls every few seconds,
 * and the backlog is measured on its own schedule anyway.
 */
@RestController
class OutboxController {

    /**
     * @param publisher     the processor that moves events from the event store to Kafka
     * @param events        events stored but not yet acknowledged by Kafka
     * @param ageSeconds    how long the oldest of them has waited
     * @param overThreshold whether the backlog is over {@code taskflow.outbox.alert-*}
     * @param measuredAt    when the figures were taken; {@code null} before the publisher has a position
     */
    record OutboxView(String publisher, long events, long ageSeconds, boolean overThreshold, Instant measuredAt) {
    }

    private final OutboxBacklog backlog;

    OutboxController(OutboxBacklog backlog) {
        this.backlog = backlog;
    }

    @GetMapping("/admin/outbox")
    OutboxView outbox() {
        return new OutboxView(backlog.processorName(), backlog.events(), backlog.ageSeconds(), backlog.overThreshold(),
                backlog.measuredAt());
    }
}
