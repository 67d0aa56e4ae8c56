package dev.taskflow.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** How the yml's {@code ${IDENTITY_PREVIOUS_SIGNING_KEY_FILE:}} arrives in {@link TokenProperties}. */
class TokenPropertiesTest {

    private static TokenProperties bind(Map<String, String> source) {
        return new Binder(new MapConfigurationPropertySource(source))
                .bindOrCreate("taskflow.identity.token", Bindable.of(TokenProperties.class));
    }

    @Test
    void anUnsetPreviousKeyFileMeansNoRotation() {
        assertThat(bind(Map.of("taskflow.identity.token.signing-key-file", "current.pem",
                "taskflow.identity.token.previous-signing-key-file", "")).previousSigningKeyFile()).isNull();
        assertThat(bind(Map.of("taskflow.identity.token.signing-key-file", "current.pem")).previousSigningKeyFile()).isNull();
    }

    @Test
    void aPreviousKeyFileIsAPath() {
        TokenProperties properties = bind(Map.of("taskflow.identity.token.signing-key-file", "current.pem",
                "taskflow.identity.token.previous-signing-key-file", "/keys/old.pem",
                "taskflow.identity.token.previous-key-id", "old"));

        assertThat(properties.previousSigningKeyFile()).isEqualTo(Path.of("/keys/old.pem"));
        assertThat(properties.previousKeyId()).isEqualTo("old");
    }
}
