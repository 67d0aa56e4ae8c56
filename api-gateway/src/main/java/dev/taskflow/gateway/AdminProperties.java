package dev.taskflow.gateway;

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
 * @param deadLetterConsumers consumer name → service: {@code /admin/dlq/{consumer}/**}
 * @param projections         projection name → service: {@code /admin/projections/{name}/**}
 * @param processorServices   services with {@code /admin/processors}, reached as
 *                            {@code /admin/processors/{service}/**}; their lists make up
 *                            {@code GET /admin/processors}, in this order
 * @param processorsTimeout   upper bound for one service's answer within {@code GET /admin/processors}
 */
@Validated
@ConfigurationProperties("taskflow.gateway.admin")
record AdminProperties(@NotEmpty Map<String, String> deadLetterConsumers,
                       @NotEmpty Map<String, String> projections,
                       @NotEmpty List<String> processorServices,
                       @NotNull Duration processorsTimeout) {
}
