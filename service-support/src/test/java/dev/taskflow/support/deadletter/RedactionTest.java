package dev.taskflow.support.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskflow.support.messaging.PoisonRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an operator sees of a dead letter's payload. */
class RedactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Contact(String email, String phoneNumber, String city) {
    }

    record Signup(String userId, String password, String accessToken, Contact contact, List<Contact> others) {
    }

    @Test
    void credentialsAndContactDataAreRedactedAtAnyDepthAndEverythingElseIsKept() {
        JsonNode shown = DeadLetterOperations.redacted(JSON, new Signup("u-1", "hunter2", "eyJ...",
                new Contact("a@example.org", "+1 555", "Ghent"), List.of(new Contact("b@example.org", null, "Lyon"))));

        assertThat(shown.get("userId").asText()).isEqualTo("u-1");
        assertThat(shown.get("password").asText()).isEqualTo(DeadLetterOperations.REDACTED);
        assertThat(shown.get("accessToken").asText()).isEqualTo(DeadLetterOperations.REDACTED);
        assertThat(shown.get("contact").get("email").asText()).isEqualTo(DeadLetterOperations.REDACTED);
        assertThat(shown.get("contact").get("phoneNumber").asText()).isEqualTo(DeadLetterOperations.REDACTED);
        assertThat(shown.get("contact").get("city").asText()).isEqualTo("Ghent");
        assertThat(shown.get("others").get(0).get("email").asText()).isEqualTo(DeadLetterOperations.REDACTED);
        assertThat(shown.toString()).doesNotContain("hunter2", "a@example.org", "b@example.org", "+1 555");
    }

    @Test
    void aPoisonRecordShowsWhereItWasAndHowBigNotItsBytes() {
        byte[] bytes = "{\"password\":\"hunter2\"".getBytes(StandardCharsets.UTF_8);
        JsonNode shown = DeadLetterOperations.redacted(JSON,
                new PoisonRecord("workflow.task.created", 1, 42, "org-1", bytes, "not an envelope"));

        assertThat(shown.get("poisonRecord").asText()).isEqualTo("workflow.task.created-1@42");
        assertThat(shown.get("bytes").asInt()).isEqualTo(bytes.length);
        assertThat(shown.toString()).doesNotContain("hunter2");
        assertThat(JSON.convertValue(shown, Map.class)).containsOnlyKeys("poisonRecord", "bytes");
    }
}
