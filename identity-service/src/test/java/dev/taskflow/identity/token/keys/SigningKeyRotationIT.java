package dev.taskflow.identity.token.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.taskflow.identity.IdentityApplication;
import dev.taskflow.infra.ServiceCredentialForTests;
import dev.taskflow.infra.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** The rotation as docs/security.md describes it, with real restarts between the steps. */
class SigningKeyRotationIT {

    @TempDir
    Path keys;

    @Test
    void tokensOfThePreviousKeyStayValidDuringTheRotationAndNotAfterIt() throws Exception {
        Path oldKey = writeNewKey("old.pem");
        Path newKey = writeNewKey("new.pem");
        String username = "rotate-" + UUID.randomUUID().toString().substring(0, 8);

        // before: the old key signs
        String oldKid;
        String oldToken;
        try (ConfigurableApplicationContext before = start(oldKey, null)) {
            oldKid = before.getBean(SigningKey.class).keyId();
            RestClient api = api(before);
            api.post().uri("/auth/users").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("username", username, "password", "rotation password", "displayName", "R"))
                    .retrieve().toBodilessEntity();
            oldToken = tokenFor(api, username);
        }

        // during: the new key signs, the old one still verifies
        String newKid;
        String newToken;
        try (ConfigurableApplicationContext during = start(newKey, oldKey)) {
            newKid = during.getBean(SigningKey.class).keyId();
            assertThat(newKid).isNotEqualTo(oldKid);
            RestClient api = api(during);

            for (String path : new String[] {"/auth/jwks.json", "/.well-known/jwks.json"}) {
                JsonNode published = api.get().uri(path).retrieve().body(JsonNode.class).get("keys");
                assertThat(kids(published)).as(path).containsExactly(newKid, oldKid);
                for (JsonNode key : published) {
                    assertThat(key.get("use").asText()).isEqualTo("sig");
                    assertThat(key.get("alg").asText()).isEqualTo("RS256");
                    assertThat(key.has("d")).as("private exponent of " + key.get("kid")).isFalse();
                }
            }
            newToken = tokenFor(api, username);
            assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(newKid);
            assertThat(validate(api, newToken).getStatusCode()).isEqualTo(HttpStatus.OK);
            ResponseEntity<JsonNode> old = validate(api, oldToken);
            assertThat(old.getStatusCode()).as("%s", old.getBody()).isEqualTo(HttpStatus.OK);
            assertThat(old.getBody().at("/claims/preferred_username").asText()).isEqualTo(username);
        }

        // after: the previous key is removed from the configuration
        try (ConfigurableApplicationContext after = start(newKey, null)) {
            RestClient api = api(after);
            ResponseEntity<JsonNode> old = validate(api, oldToken);
            assertThat(old.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(old.getBody().get("detail").asText()).contains("not one of ours");
            assertThat(validate(api, newToken).getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(kids(api.get().uri("/auth/jwks.json").retrieve().body(JsonNode.class).get("keys")))
                    .containsExactly(newKid);
        }
    }

    @Test
    void missingPreviousKeyStopsTheStartAndIsNeverGenerated() throws Exception {
        Path current = writeNewKey("current.pem");
        Path previous = keys.resolve("gone.pem");

        // generation is on for the current key: the previous one must still not be made up
        assertThatThrownBy(() -> start(current, previous).close())
                .rootCause()
                .isInstanceOf(SigningKeyUnavailableException.class)
                .hasMessageContaining("Previous token signing key")
                .hasMessageContaining(previous.toAbsolutePath().toString())
                .hasMessageContaining("does not exist");
        assertThat(previous).doesNotExist();
    }

    @Test
    void unreadablePreviousKeyStopsTheStart() throws Exception {
        Path current = writeNewKey("current.pem");
        Path previous = keys.resolve("broken.pem");
        Files.writeString(previous, "not a key\n");

        assertThatThrownBy(() -> start(current, previous).close())
                .rootCause()
                .isInstanceOf(SigningKeyUnavailableException.class)
                .hasMessageContaining("Previous token signing key")
                .hasMessageContaining("BEGIN PRIVATE KEY");
    }

    @Test
    void theCurrentKeyAsPreviousKeyStopsTheStart() throws Exception {
        Path current = writeNewKey("current.pem");
        Path copy = Files.copy(current, keys.resolve("copy.pem"));

        assertThatThrownBy(() -> start(current, copy).close())
                .rootCause()
                .isInstanceOf(SigningKeyUnavailableException.class)
                .hasMessageContaining("same key as the current signing key");
    }

    private Path writeNewKey(String name) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Path file = keys.resolve(name);
        Files.writeString(file, Pkcs8Pem.encode((RSAPrivateCrtKey) generator.generateKeyPair().getPrivate()));
        return file;
    }

    private static ConfigurableApplicationContext start(Path current, Path previous) {
        var postgres = TestInfrastructure.postgres();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + postgres.jdbcUrl("identity"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--taskflow.identity.token.signing-key-file=" + current,
                "--taskflow.identity.token.generate-key-if-missing=true",
                ServiceCredentialForTests.argument()));
        if (previous != null) {
            args.add("--taskflow.identity.token.previous-signing-key-file=" + previous);
        }
        return IdentityApplication.application().run(args.toArray(String[]::new));
    }

    private static RestClient api(ConfigurableApplicationContext context) {
        return RestClient.builder().baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
                .defaultHeader(ServiceCredentialForTests.HEADER, ServiceCredentialForTests.VALUE).build();
    }

    private static String tokenFor(RestClient api, String username) {
        return api.post().uri("/auth/token").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("username", username, "password", "rotation password"))
                .retrieve().body(JsonNode.class).get("accessToken").asText();
    }

    private static ResponseEntity<JsonNode> validate(RestClient api, String token) {
        return api.post().uri("/auth/validate").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .retrieve().onStatus(HttpStatusCode::isError, (request, response) -> { })
                .toEntity(JsonNode.class);
    }

    private static List<String> kids(JsonNode keys) {
        List<String> kids = new ArrayList<>();
        keys.forEach(key -> kids.add(key.get("kid").asText()));
        return kids;
    }
}
