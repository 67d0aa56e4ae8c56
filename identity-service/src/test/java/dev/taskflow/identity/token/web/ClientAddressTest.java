package dev.taskflow.identity.token.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressTest {

    private static MockHttpServletRequest from(String remoteAddress) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(remoteAddress);
        return request;
    }

    @Test
    void withoutTheHeaderItIsTheConnectionsAddress() {
        assertThat(ClientAddress.of(from("192.0.2.7"))).isEqualTo("192.0.2.7");
    }

    @Test
    void theRightmostEntryIsTheOneTheGatewayAppended() {
        MockHttpServletRequest request = from("10.0.0.2");
        request.addHeader(ClientAddress.FORWARDED_FOR, "198.51.100.1, 203.0.113.5 ,2001:db8::17");

        assertThat(ClientAddress.of(request)).isEqualTo("2001:db8::17");
    }

    @Test
    void anotherHeaderLineCountsAsAppended() {
        MockHttpServletRequest request = from("10.0.0.2");
        request.addHeader(ClientAddress.FORWARDED_FOR, "198.51.100.1, 203.0.113.5");
        request.addHeader(ClientAddress.FORWARDED_FOR, "192.0.2.44");

        assertThat(ClientAddress.of(request)).isEqualTo("192.0.2.44");
    }

    @Test
    void aRightmostEntryNoProxyWouldWriteFallsBackToTheConnection() {
        for (String forged : new String[] {"198.51.100.1, ", "", "a\nb", "x".repeat(65), "1.2.3.4 5.6.7.8"}) {
            MockHttpServletRequest request = from("10.0.0.2");
            request.addHeader(ClientAddress.FORWARDED_FOR, forged);

            assertThat(ClientAddress.of(request)).as(forged).isEqualTo("10.0.0.2");
        }
    }
}
