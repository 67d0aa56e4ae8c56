package dev.taskflow.identity.user.app;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param bcryptStrength BCrypt's log2 work factor; 4 and 31 are the algorithm's own bounds */
@Validated
@ConfigurationProperties("taskflow.identity.password")
record PasswordSettings(@Min(4) @Max(31) @DefaultValue("12") int bcryptStrength) {
}
