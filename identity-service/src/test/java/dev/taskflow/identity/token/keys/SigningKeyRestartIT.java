package dev.taskflow.identity.token.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.identity.IdentityApplication;
import dev.taskflow.infra.ServiceCredentialForTests;
import dev.taskflow.infra.TestInfrastructure;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/** Starts the real application twice on one key file, as an operator would restart it. */
class SigningKeyRestartIT {

    @TempDir
    Path keys;

    @Test
    void generatedKeyIsWrittenOwnerOnlyAndReusedByTheNextStart() throws Exception {
        Path keyFile = keys.resolve("nested/signing-key.pem");
        String username = "restart-" + UUID.randomUUID().toString().substring(0, 8);

        String firstKid;
        BigInteger firstModulus;
        String token;
        try (ConfigurableApplicationContext first = start(keyFile, true)) {
            SigningKey key = first.getBean(SigningKey.class);
            firstKid = key.keyId();
            firstModulus = key.publicKey().getModulus();
            RestClient api = api(first);
            api.post().uri("/auth/users").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("username", username, "password", "restart password", "displayName", "R"))
                    .retrieve().toBodilessEntity();
            token = api.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("username", username, "password", "restart password"))
                    .retrieve().body(JsonNode.class).get("accessToken").asText();
        }

        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(keyFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (var leftovers = Files.list(keyFile.getParent())) {
            assertThat(leftovers).containsExactly(keyFile);
        }

        // generation stays on: the second start must still pick the existing key rather than mint one
        try (ConfigurableApplicationContext second = start(keyFile, true)) {
            SigningKey key = second.getBean(SigningKey.class);
            assertThat(key.keyId()).isEqualTo(firstKid);
            assertThat(key.publicKey().getModulus()).isEqualTo(firstModulus);

            JsonNode validated = api(second).post().uri("/auth/validate")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .retrieve().body(JsonNode.class);
            assertThat(validated.get("claims").get("preferred_username").asText()).isEqualTo(username);
        }
    }

    @Test
    void missingKeyWithoutGenerationStopsTheStartWithAClearMessage() {
        Path keyFile = keys.resolve("absent.pem");

        assertThatThrownBy(() -> start(keyFile, false).close())
                .rootCause()
                .isInstanceOf(SigningKeyUnavailableException.class)
                .hasMessageContaining(keyFile.toAbsolutePath().toString())
                .hasMessageContaining("does not exist");
        assertThat(keyFile).doesNotExist();
    }

    @Test
    void unreadableKeyFileStopsTheStartWithAClearMessage() throws Exception {
        Path keyFile = keys.resolve("broken.pem");
        Files.writeString(keyFile, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> start(keyFile, true).close())
                .rootCause()
                .isInstanceOf(SigningKeyUnavailableException.class)
                .hasMessageContaining("PKCS#1");
        // a broken key is never silently replaced: tokens signed with it would all die
        assertThat(Files.readString(keyFile)).contains("BEGIN RSA PRIVATE KEY");
    }

    private static ConfigurableApplicationContext start(Path keyFile, boolean generate) {
        var postgres = TestInfrastructure.postgres();
        return IdentityApplication.application().run(
                "--server.port=0",
                "--spring.datasource.url=" + postgres.jdbcUrl("identity"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--taskflow.identity.token.signing-key-file=" + keyFile,
                "--taskflow.identity.token.generate-key-if-missing=" + generate,
                ServiceCredentialForTests.argument());
    }

    private static RestClient api(ConfigurableApplicationContext context) {
        return RestClient.builder().baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
                .defaultHeader(ServiceCredentialForTests.HEADER, ServiceCredentialForTests.VALUE).build();
    }
}
