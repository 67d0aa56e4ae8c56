package dev.taskflow.identity.signin.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SignInSettingsTest {

    private static SignInSettings bind(Map<String, String> source) {
        return new Binder(new MapConfigurationPropertySource(source))
                .bindOrCreate("taskflow.identity.sign-in", Bindable.of(SignInSettings.class));
    }

    @Test
    void defaultsAreTheDocumentedPolicy() {
        SignInSettings settings = bind(Map.of());

        assertThat(settings.maxFailuresPerUser()).isEqualTo(5);
        assertThat(settings.maxFailuresPerAddress()).isEqualTo(20);
        assertThat(settings.failureWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.firstLock()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.maxLock()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aFirstLockLongerThanTheLongestIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("taskflow.identity.sign-in.first-lock", "20m")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("must not exceed max-lock");
    }

    @Test
    void durationsBelowASecondAreRefused() {
        assertThatThrownBy(() -> bind(Map.of("taskflow.identity.sign-in.failure-window", "500ms")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("at least 1s");
    }
}
