package dev.taskflow.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.taskflow.identity.IdentityIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Only the configured operator list puts {@code roles: ["platform-operator"]} into a token. */
class OperatorRoleIT extends IdentityIntegrationTest {

    @Test
    void anOperatorsTokenCarriesTheRoleAndValidationReportsIt() throws Exception {
        // the list names the operator in upper case: names match in any letter case, as at sign-in
        String userId = signUp(OPERATOR, PASSWORD, "Olga Operator");

        String token = tokenFor(OPERATOR, PASSWORD);

        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringListClaim("roles"))
                .containsExactly("platform-operator");
        ResponseEntity<JsonNode> validated = validateWithHeader("Bearer " + token);
        assertThat(validated.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(validated.getBody().get("userId").asText()).isEqualTo(userId);
        assertThat(validated.getBody().at("/claims/roles").isArray()).isTrue();
        assertThat(validated.getBody().at("/claims/roles/0").asText()).isEqualTo("platform-operator");
        assertThat(validated.getBody().at("/claims/roles").size()).isEqualTo(1);
    }

    @Test
    void anyOtherUsersTokenHasNoRolesClaim() throws Exception {
        String username = newUsername();
        signUp(username, PASSWORD, "Ordinary User");

        String token = tokenFor(username, PASSWORD);

        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getClaims()).doesNotContainKey("roles");
        assertThat(validateWithHeader("Bearer " + token).getBody().get("claims").has("roles")).isFalse();
    }

    @Test
    void signUpDataCannotObtainTheRole() throws Exception {
        // a username and a display name that look like the role, and role fields in the request
        String lookalike = "platform-operator-" + newUsername().substring("user-".length());
        for (String username : new String[] {"platform-operator", lookalike}) {
            ResponseEntity<JsonNode> created = post("/auth/users", write(Map.of(
                    "username", username, "password", PASSWORD, "displayName", "platform-operator",
                    "roles", new String[] {"platform-operator"}, "role", "platform-operator")), new HttpHeaders());
            // accepted (unknown fields are ignored), but nothing of it becomes a role
            assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        }
        // claim-like text in the display name stays a string in the name claim
        String injector = newUsername();
        signUp(injector, PASSWORD, "\",\"roles\":[\"platform-operator\"],\"x\":\"");

        for (String username : new String[] {"platform-operator", lookalike, injector}) {
            JWTClaimsSet claims = SignedJWT.parse(tokenFor(username, PASSWORD)).getJWTClaimsSet();
            assertThat(claims.getClaims()).doesNotContainKey("roles").doesNotContainKey("role");
        }
        assertThat(SignedJWT.parse(tokenFor(injector, PASSWORD)).getJWTClaimsSet().getStringClaim("name"))
                .isEqualTo("\",\"roles\":[\"platform-operator\"],\"x\":\"");
    }
}
