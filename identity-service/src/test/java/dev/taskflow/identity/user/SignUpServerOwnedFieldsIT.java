package dev.taskflow.identity.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.identity.IdentityIntegrationTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** A self-sign-up cannot choose what the server decides: the user's id and any role. */
class SignUpServerOwnedFieldsIT extends IdentityIntegrationTest {

    @Test
    void aChosenUserIdAndRolesAreIgnored() {
        String username = newUsername();
        String chosenId = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", PASSWORD);
        body.put("displayName", "Self Made");
        body.put("userId", chosenId);
        body.put("id", chosenId);
        body.put("roles", List.of("platform-operator"));
        body.put("role", "platform-operator");
        body.put("createdAt", "2001-01-01T00:00:00Z");

        ResponseEntity<JsonNode> created = post("/auth/users", body);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String userId = created.getBody().get("userId").asText();
        assertThat(userId).isNotEqualTo(chosenId);
        assertThat(jdbc.sql("select count(*) from users where id = ?").param(UUID.fromString(chosenId))
                .query(Integer.class).single()).isZero();
        JsonNode claims = validateWithHeader("Bearer " + tokenFor(username, PASSWORD)).getBody().get("claims");
        assertThat(claims.get("sub").asText()).isEqualTo(userId);
        assertThat(claims.has("roles")).isFalse();
        assertThat(claims.has("role")).isFalse();
    }
}
