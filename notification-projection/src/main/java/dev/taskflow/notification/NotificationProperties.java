package dev.taskflow.notification;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code taskflow.notification.*} (notification-projection.yml; README "Configuration"). */
@Validated
@ConfigurationProperties("taskflow.notification")
public record NotificationProperties(@Valid @NotNull Mail mail, @Valid @NotNull Dispatch dispatch,
                                     @Valid @NotNull Webhooks webhooks) {

    /** @param from the sender address of every email */
    public record Mail(@NotBlank String from) {
    }

    /**
     * The dispatcher of the delivery table.
     *
     * @param interval        pause between two looks for due deliveries when there were none
     * @param batchSize       deliveries claimed at once (at most one per destination)
     * @param senders         deliveries sent at the same time
     * @param maxAttempts     attempts in all, the first included; then the delivery is FAILED
     * @param initialInterval wait after the first failed attempt
     * @param multiplier      growth of the wait per further failure
     * @param maxInterval     longest wait
     * @param jitter          each wait varied at random by up to this fraction
     * @param lease           a delivery claimed longer ago whose outcome was not recorded is UNCERTAIN
     */
    public record Dispatch(@NotNull Duration interval, @Min(1) int batchSize, @Min(1) int senders, @Min(1) int maxAttempts,
                           @NotNull Duration initialInterval, @DecimalMin("1.0") double multiplier,
                           @NotNull Duration maxInterval, @DecimalMin("0.0") @DecimalMax("0.9") double jitter,
                           @NotNull Duration lease) {
    }

    /**
     * @param allowPrivateAddresses whether webhooks may point at loopback and private networks
     */
    public record Webhooks(@NotNull Duration connectTimeout, @NotNull Duration requestTimeout,
                           @Min(1) int maxPerOrganization, boolean allowPrivateAddresses) {
    }
}
