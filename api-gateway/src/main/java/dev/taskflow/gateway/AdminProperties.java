package dev.taskflow.gateway;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The operator API under {@code /admin/**} (api-gateway.yml): which service answers for what. Every
 * service named here is a key of {@code taskflow.gateway.services}; {@link GatewayRoutes} refuses to
 * start otherwise.
 *
 * @param deadLetterConsumers consumer name → service: {@code /admin/dlq/{consumer}/**}; their counts make up
 *                            {@code GET /admin/dlq}
 * @param projections         projection name → service: {@code /admin/projections/{name}/**}
 * @param processorServices   services with {@code /admin/processors}, reached as
 *                            {@code /admin/processors/{service}/**}; their lists make up
 *                            {@code GET /admin/processors}, in this order
 * @param outboxServices      services that publish to Kafka through an outbox; their {@code /admin/outbox}
 *                            make up {@code GET /admin/outbox}, in this order
 * @param auditService        the service with the audit trail: {@code /admin/audit/**}, and the events of
 *                            {@code GET /admin/requests/{correlationId}}
 * @param processorsTimeout   upper bound for one service's answer within the overviews the gateway puts
 *                            together ({@code GET /admin/processors}, {@code /admin/outbox}, {@code /admin/dlq},
 *                            {@code /admin/requests/{id}})
 * @param requestLogSize      how many recent requests the gateway remembers for {@code /admin/requests/{id}}
 */
@Validated
@ConfigurationProperties("taskflow.gateway.admin")
record AdminProperties(@NotEmpty Map<String, String> deadLetterConsumers,
                       @NotEmpty Map<String, String> projections,
                       @NotEmpty List<String> processorServices,
                       @NotEmpty List<String> outboxServices,
                       @NotBlank String auditService,
                       @NotNull Duration processorsTimeout,
                       @Min(1) @Max(1_000_000) int requestLogSize) {
}
