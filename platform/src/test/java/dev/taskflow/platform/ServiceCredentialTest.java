package dev.taskflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ServiceCredentialTest {

    @Test
    void aConfiguredCredentialIsUsedAsItIs() {
        assertThat(Platform.credentialOrRandom(" configured-secret-of-the-operator-123 "))
                .isEqualTo("configured-secret-of-the-operator-123");
    }

    @Test
    void withoutOneEachStartMakesItsOwnFrom32RandomBytes() {
        String first = Platform.credentialOrRandom(null);
        String second = Platform.credentialOrRandom("  ");

        assertThat(first).isNotEqualTo(second).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(first)).hasSize(32);
    }
}
