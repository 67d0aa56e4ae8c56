package dev.taskflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskflow.notification.contacts.WebhookTargets;
import dev.taskflow.notification.delivery.WebhookSignature;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The webhook rules without any server: signatures against an independent computation, and URL checks. */
class WebhookRulesTest {

    @Test
    void theSignatureIsHmacSha256OfTimestampDotBodyInHex() {
        byte[] body = "{\"eventId\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);
        // computed independently: python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test-secret',
        //   b'1700000000.{\"eventId\":\"e-1\"}', hashlib.sha256).hexdigest())"
        assertThat(WebhookSignature.sign("whsec_test-secret", 1_700_000_000L, body))
                .isEqualTo("sha256=b26b7fde7a688a245c60b9ef6971afc5891ba76cbc1d2ce4ddcdcbfafc622d1f");
        // the timestamp is part of what is signed: a replay with another timestamp does not verify
        assertThat(WebhookSignature.sign("whsec_test-secret", 1_700_000_001L, body))
                .isNotEqualTo(WebhookSignature.sign("whsec_test-secret", 1_700_000_000L, body));
    }

    @Test
    void privateLoopbackAndLinkLocalTargetsAreRefusedUnlessAllowed() {
        WebhookTargets strict = new WebhookTargets(false);
        for (String url : new String[] {"http://127.0.0.1:8084/workflow/tasks", "http://localhost/hook",
                "http://10.1.2.3/hook", "https://192.168.0.10/hook", "http://172.16.5.4/hook",
                "http://169.254.169.254/latest/meta-data", "http://[::1]:8080/hook", "http://[fd00::1]/hook",
                "http://0.0.0.0/hook"}) {
            assertThat(strict.problem(url)).as(url).hasValueSatisfying(p -> assertThat(p).contains("must not point at"));
        }
        assertThat(strict.problem("https://93.184.216.34/hook")).isEmpty();

        WebhookTargets lenient = new WebhookTargets(true);
        assertThat(lenient.problem("http://127.0.0.1:9999/hook")).isEmpty();
        assertThat(lenient.problem("http://localhost/hook")).isEmpty();
    }

    @Test
    void onlyAbsoluteHttpUrlsWithAHostAndNoCredentialsAreAccepted() {
        WebhookTargets targets = new WebhookTargets(true);
        assertThat(targets.problem("ftp://example.com/x")).hasValue("must be an http or https URL");
        assertThat(targets.problem("example.com/x")).hasValue("must be an http or https URL");
        assertThat(targets.problem("https://user:pw@example.com/x")).hasValue("must not contain user information");
        assertThat(targets.problem("https://example.com/x#frag")).hasValue("must not contain a fragment");
        assertThat(targets.problem("http:///x")).isPresent();
        assertThat(targets.problem(" ")).hasValue("must not be blank");
        assertThat(targets.problem("https://example.com/" + "x".repeat(2001))).isPresent();
        assertThat(targets.problem("HTTPS://Example.com/hooks?team=1")).isEmpty();
    }
}
