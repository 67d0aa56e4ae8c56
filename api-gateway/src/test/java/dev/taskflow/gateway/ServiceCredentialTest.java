package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Mono;

/** The credential is required, long enough, set (never added) on everything sent to a service, and never shown. */
class ServiceCredentialTest {

    private static final String CREDENTIAL = "a-credential-of-exactly-32-chars";

    @Test
    void aMissingOrShortCredentialStopsTheGatewayWithoutShowingTheValue() {
        assertThatThrownBy(() -> new ServiceCredential(new SecurityProperties(null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("taskflow.security.service-credential")
                .hasMessageContaining("TASKFLOW_SERVICE_CREDENTIAL")
                .hasMessageContaining("is not set");
        assertThatThrownBy(() -> new ServiceCredential(new SecurityProperties("  ")))
                .hasMessageContaining("is not set");
        String tooShort = CREDENTIAL.substring(1);
        assertThatThrownBy(() -> new ServiceCredential(new SecurityProperties(tooShort)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 31 characters; it must have at least 32")
                .hasMessageNotContaining(tooShort);
        assertThat(new SecurityProperties(CREDENTIAL).toString()).doesNotContain(CREDENTIAL);
        assertThat(new ServiceCredential(new SecurityProperties(CREDENTIAL)).toString()).doesNotContain(CREDENTIAL);
    }

    @Test
    void theGatewayDoesNotStartWithoutItsCredential() {
        // the environment variable the gateway's configuration reads, as the highest-precedence source
        for (String value : new String[] {"", "too-short"}) {
            assertThatThrownBy(() -> GatewayApplication.application()
                    .properties("server.port=0", "spring.main.banner-mode=off")
                    .run("--TASKFLOW_SERVICE_CREDENTIAL=" + value).close())
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("taskflow.security.service-credential (env TASKFLOW_SERVICE_CREDENTIAL)");
        }
    }

    @Test
    void everyCallOfTheGatewayCarriesTheCredentialOnce() {
        ServiceCredential credential = new ServiceCredential(new SecurityProperties(CREDENTIAL));
        ClientRequest request = ClientRequest.create(HttpMethod.POST, URI.create("http://identity/auth/validate"))
                .header(EdgeHeaders.SERVICE_CREDENTIAL, "attacker")
                .build();
        AtomicReference<ClientRequest> sent = new AtomicReference<>();

        credential.onEveryCall().filter(request, actual -> {
            sent.set(actual);
            return Mono.just(ClientResponse.create(org.springframework.http.HttpStatus.OK).build());
        }).block();

        assertThat(sent.get().headers().get(EdgeHeaders.SERVICE_CREDENTIAL)).containsExactly(CREDENTIAL);
    }

    @Test
    void forwardedRequestsCarryTheCredentialOnce() {
        ServiceCredential credential = new ServiceCredential(new SecurityProperties(CREDENTIAL));
        HttpHeaders incoming = new HttpHeaders();
        incoming.add(EdgeHeaders.SERVICE_CREDENTIAL, "attacker");
        incoming.add(EdgeHeaders.CORRELATION_ID, "c-1");

        HttpHeaders forwarded = credential.filter(HttpHeaders.readOnlyHttpHeaders(incoming),
                MockServerWebExchange.from(MockServerHttpRequest.get("/workflow/tasks")));

        assertThat(forwarded.get(EdgeHeaders.SERVICE_CREDENTIAL)).containsExactly(CREDENTIAL);
        assertThat(forwarded.getFirst(EdgeHeaders.CORRELATION_ID)).isEqualTo("c-1");
    }
}
