package dev.taskflow.identity.token.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

class SigningKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void keyWrittenByOpensslStyleEncodingLoadsBackToTheSamePair() throws Exception {
        KeyPair original = rsa(2048);
        Path file = dir.resolve("key.pem");
        Files.writeString(file, Pkcs8Pem.encode((RSAPrivateCrtKey) original.getPrivate()));

        KeyPair loaded = SigningKeyFile.loadOrCreate(file, false);

        assertThat(loaded.getPrivate().getEncoded()).isEqualTo(original.getPrivate().getEncoded());
        assertThat(loaded.getPublic().getEncoded()).isEqualTo(original.getPublic().getEncoded());
    }

    @Test
    void keysShorterThan2048BitsAreRefused() throws Exception {
        Path file = dir.resolve("weak.pem");
        Files.writeString(file, Pkcs8Pem.encode((RSAPrivateCrtKey) rsa(1024).getPrivate()));

        assertThatThrownBy(() -> SigningKeyFile.loadOrCreate(file, true))
                .isInstanceOf(SigningKeyUnavailableException.class)
                .hasMessageContaining("1024 bits");
    }

    @Test
    void fileWithoutAPrivateKeyBlockIsRefused() throws Exception {
        Path file = dir.resolve("empty.pem");
        Files.writeString(file, "nothing to see\n");

        assertThatThrownBy(() -> SigningKeyFile.loadOrCreate(file, true))
                .isInstanceOf(SigningKeyUnavailableException.class)
                .hasMessageContaining("BEGIN PRIVATE KEY");
    }

    @Test
    void startupFailureIsExplainedWithWhatToDo() {
        FailureAnalysis analysis = analyze(new SigningKeyUnavailableException(dir.resolve("k.pem"), "file does not exist"));

        assertThat(analysis.getDescription()).contains("k.pem").contains("does not exist");
        assertThat(analysis.getAction()).contains("IDENTITY_SIGNING_KEY_FILE").contains("PKCS#8");
    }

    @Test
    void aMissingPreviousKeyIsExplainedAsARotationSetting() {
        FailureAnalysis analysis = analyze(new SigningKeyUnavailableException(
                dir.resolve("old.pem"), SigningKeyRole.PREVIOUS, "file does not exist"));

        assertThat(analysis.getDescription()).startsWith("Previous token signing key").contains("old.pem");
        assertThat(analysis.getAction()).contains("IDENTITY_PREVIOUS_SIGNING_KEY_FILE").contains("never generated")
                .doesNotContain("IDENTITY_SIGNING_KEY_GENERATE");
    }

    @Test
    void thePreviousKeyIsNeverGenerated() {
        Path file = dir.resolve("old.pem");

        assertThatThrownBy(() -> SigningKeyFile.loadPrevious(file))
                .isInstanceOf(SigningKeyUnavailableException.class)
                .hasMessageContaining("does not exist");
        assertThat(file).doesNotExist();
    }

    private FailureAnalysis analyze(SigningKeyUnavailableException cause) {
        // only ours matters here; Boot's own analyzers need constructor arguments this test does not have
        return SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
                .load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> { }))
                .stream()
                .filter(SigningKeyFailureAnalyzer.class::isInstance)
                .findFirst().orElseThrow()
                .analyze(new BeanCreationException("signingKey", "failed", cause));
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }
}
