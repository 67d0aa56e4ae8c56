package dev.taskflow.identity.token;

import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who runs the platform.
 *
 * @param operators usernames (any letter case, as at sign-in) whose tokens carry the
 *                  {@code platform-operator} role; from {@code IDENTITY_OPERATORS}, comma-separated.
 *                  Empty by default: nobody is an operator until named here.
 */
@ConfigurationProperties("taskflow.identity")
public record OperatorProperties(List<String> operators) {

    public OperatorProperties {
        operators = operators == null ? List.of() : operators.stream().filter(Objects::nonNull).toList();
    }
}
