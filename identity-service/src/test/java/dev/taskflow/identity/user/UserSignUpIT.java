package dev.taskflow.identity.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.identity.IdentityIntegrationTest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

class UserSignUpIT extends IdentityIntegrationTest {

    @Test
    void signUpCreatesTheUserAndAnswersWithItsId() {
        String username = newUsername();

        ResponseEntity<JsonNode> created = post("/auth/users",
                Map.of("username", username, "password", PASSWORD, "displayName", "Ada Lovelace"));

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String userId = created.getBody().get("userId").asText();
        assertThat(UUID.fromString(userId).toString()).isEqualTo(userId);
        Map<String, Object> row = jdbc.sql("select username, display_name from users where id = ?")
                .param(UUID.fromString(userId)).query().singleRow();
        assertThat(row).containsEntry("username", username).containsEntry("display_name", "Ada Lovelace");
    }

    @Test
    void usernameIsTakenRegardlessOfLetterCase() {
        String username = newUsername();
        signUp(username, PASSWORD, "First");
        String second = "second-" + UUID.randomUUID();

        ResponseEntity<JsonNode> again = post("/auth/users",
                Map.of("username", username.toUpperCase(), "password", PASSWORD, "displayName", second));

        assertProblem(again, HttpStatus.CONFLICT);
        assertThat(again.getBody().get("detail").asText()).containsIgnoringCase("taken");
        assertThat(jdbc.sql("select count(*) from users where display_name = ?").param(second)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from users where lower(username) = lower(?)").param(username)
                .query(Integer.class).single()).isEqualTo(1);
    }

    static Stream<Arguments> invalidSignUps() {
        return Stream.of(
                Arguments.of("username", "ab", PASSWORD, "x"),
                Arguments.of("username", "a".repeat(65), PASSWORD, "x"),
                Arguments.of("username", "with space", PASSWORD, "x"),
                Arguments.of("username", "bang!", PASSWORD, "x"),
                Arguments.of("username", "ümlaut", PASSWORD, "x"),
                Arguments.of("username", null, PASSWORD, "x"),
                Arguments.of("password", "fresh", "1234567", "x"),
                Arguments.of("password", "fresh", "p".repeat(129), "x"),
                Arguments.of("password", "fresh", null, "x"),
                Arguments.of("displayName", "fresh", PASSWORD, ""),
                Arguments.of("displayName", "fresh", PASSWORD, "   "),
                Arguments.of("displayName", "fresh", PASSWORD, "d".repeat(101)),
                Arguments.of("displayName", "fresh", PASSWORD, null));
    }

    @ParameterizedTest(name = "{0}: {1} / {3}")
    @MethodSource("invalidSignUps")
    void invalidInputIsRefusedNamingTheFieldAndWritesNothing(String field, String username, String password,
                                                             String displayName) {
        String actualUsername = "fresh".equals(username) ? newUsername() : username;
        String marker = displayName == null || !"x".equals(displayName) ? displayName : "marker-" + UUID.randomUUID();
        Map<String, Object> body = new HashMap<>();
        body.put("username", actualUsername);
        body.put("password", password);
        body.put("displayName", marker);

        ResponseEntity<JsonNode> response = post("/auth/users", body);

        assertProblem(response, HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().get("errors").findValuesAsText("field")).containsExactly(field);
        assertThat(response.getBody().get("detail").asText()).contains(field);
        assertThat(rowsLike(actualUsername, marker)).isZero();
    }

    @Test
    void problemDetailNeverEchoesTheRejectedPassword() {
        String secret = "Sh0rt!x";

        ResponseEntity<JsonNode> response = post("/auth/users",
                Map.of("username", newUsername(), "password", secret, "displayName", "x"));

        assertProblem(response, HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().toString()).doesNotContain(secret);
    }

    @Test
    void bodyThatIsNotJsonIsABadRequest() {
        ResponseEntity<JsonNode> response = post("/auth/users", "{not json", new HttpHeaders());

        assertProblem(response, HttpStatus.BAD_REQUEST);
    }

    @Test
    void storedPasswordIsABcryptHashNotThePassword() {
        String username = newUsername();
        String userId = signUp(username, PASSWORD, "Hashed");

        String stored = jdbc.sql("select password_hash from users where id = ?").param(UUID.fromString(userId))
                .query(String.class).single();

        assertThat(stored).matches("\\$2[aby]\\$12\\$[./A-Za-z0-9]{53}").doesNotContain(PASSWORD);
    }

    @Test
    void longMultibytePasswordsCountEveryCharacter() {
        // 128 characters of 3-byte UTF-8 is 384 bytes, far beyond BCrypt's 72
        String password = "密".repeat(127) + "A";
        String almost = "密".repeat(127) + "B";
        String username = newUsername();
        signUp(username, password, "Long");

        assertThat(post("/auth/token", Map.of("username", username, "password", password)).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(post("/auth/token", Map.of("username", username, "password", almost)).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void correlationIdIsEchoed() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Correlation-ID", "corr-signup-1");

        ResponseEntity<JsonNode> response = post("/auth/users",
                write(Map.of("username", newUsername(), "password", PASSWORD, "displayName", "C")), headers);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(response.getHeaders().getFirst("X-Correlation-ID")).isEqualTo("corr-signup-1");
    }

    private int rowsLike(String username, String displayName) {
        return jdbc.sql("select count(*) from users where lower(username) = lower(?) or display_name = ?")
                .param(username).param(displayName).query(Integer.class).single();
    }
}
