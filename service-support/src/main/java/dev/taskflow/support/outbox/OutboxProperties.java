package dev.taskflow.support.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When the outbox (events stored but not yet on Kafka) counts as an incident.
 *
 * @param alertAge    oldest unpublished event older than this: warn (default 60 s)
 * @param alertEvents more unpublished events than this: warn (default 1000)
 * @param interval    how often the backlog is measured (default 5 s)
 */
@ConfigurationProperties("taskflow.outbox")
public record OutboxProperties(Duration alertAge, Long alertEvents, Duration interval) {

    public OutboxProperties {
        alertAge = alertAge == null ? Duration.ofSeconds(60) : alertAge;
        alertEvents = alertEvents == null ? 1000L : alertEvents;
        interval = interval == null ? Duration.ofSeconds(5) : interval;
    }
}
