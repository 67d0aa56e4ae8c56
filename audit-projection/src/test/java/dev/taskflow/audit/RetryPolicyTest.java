package dev.taskflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskflow.support.deadletter.ConsumerFailureProperties;
import dev.taskflow.support.deadletter.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** The retry policy this service ships with (seed §5.2: exponential back-off with jitter, bounded). */
class RetryPolicyTest {

    @Test
    void theShippedConfigurationRetriesFiveTimesFrom200msDoublingUpTo5sWithTwentyPercentJitter() throws IOException {
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader()
                .load("audit-projection", new ClassPathResource("audit-projection.yml"));
        ConsumerFailureProperties properties = new Binder(ConfigurationPropertySources.from(yaml))
                .bind("taskflow.consumer", ConsumerFailureProperties.class).get();

        assertThat(properties.name()).isEqualTo("audit");
        RetryPolicy policy = properties.retryFor("audit-trail");
        assertThat(policy).isEqualTo(new RetryPolicy(5, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), 0.2));
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8).stream().map(policy::nominalBackoff).toList()).containsExactly(
                Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(1600),
                Duration.ofMillis(3200), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
        // ±20 %: the lowest and the highest draw
        assertThat(policy.backoff(3, 0.0)).isEqualTo(Duration.ofMillis(640));
        assertThat(policy.backoff(3, 0.999999)).isBetween(Duration.ofMillis(959), Duration.ofMillis(960));
        assertThat(policy.backoff(3, 0.5)).isEqualTo(Duration.ofMillis(800));
        // four waits before the fifth attempt: at most 3.6 s, below the 10 s token claim timeout
        assertThat(policy.worstCaseRetryTime()).isEqualTo(Duration.ofMillis(3600));
    }

    @Test
    void aProcessorOverridesTheServiceSettingsFieldByField() {
        ConsumerFailureProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "taskflow.consumer.name", "audit",
                "taskflow.consumer.retry.max-attempts", "4",
                "taskflow.consumer.processors.audit-trail.initial-interval", "50ms",
                "taskflow.consumer.processors.audit-trail.jitter", "0")))
                .bind("taskflow.consumer", ConsumerFailureProperties.class).get();

        assertThat(properties.retryFor("audit-trail"))
                .isEqualTo(new RetryPolicy(4, Duration.ofMillis(50), 2.0, Duration.ofSeconds(5), 0.0));
        assertThat(properties.retryFor("another-group"))
                .isEqualTo(new RetryPolicy(4, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), 0.2));
        assertThat(properties.deadLetter().publishTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refusesPoliciesThatCannotWork() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, 2.0, Duration.ZERO, 0.0))
                .hasMessageContaining("max-attempts");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), 2.0, Duration.ofSeconds(1), 0.0))
                .hasMessageContaining("max-interval");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofMillis(1), 0.5, Duration.ofSeconds(1), 0.0))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofMillis(1), 2.0, Duration.ofSeconds(1), 1.0))
                .hasMessageContaining("jitter");
    }
}
