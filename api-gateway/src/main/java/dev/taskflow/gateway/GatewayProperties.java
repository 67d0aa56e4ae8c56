package dev.taskflow.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Where the services live and how long the edge trusts identity's answers (api-gateway.yml). */
@Validated
@ConfigurationProperties("taskflow.gateway")
record GatewayProperties(@Valid @NotNull Services services, @Valid @NotNull Auth auth) {

    record Services(@NotNull URI identity, @NotNull URI organization, @NotNull URI billing,
                    @NotNull URI commandSide, @NotNull URI querySide, @NotNull URI audit,
                    @NotNull URI analytics) {
    }

    /**
     * @param identityTimeout  upper bound for one {@code POST /auth/validate}; past it the request is
     *                         refused with 503 rather than left hanging at the edge
     * @param cacheTtl         how long a successful validation is reused (never beyond the token's exp)
     * @param cacheMaximumSize bounds memory when many distinct tokens arrive
     */
    record Auth(@NotNull Duration identityTimeout, @NotNull Duration cacheTtl, @Positive long cacheMaximumSize) {
    }
}
