package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A mistake in taskflow.gateway.admin stops the start instead of leaving a route that leads nowhere. */
class AdminSettingsTest {

    private static final Map<String, URI> SERVICES = Map.of("audit", URI.create("http://audit:8086"));

    @Test
    void aKnownServiceGivesItsAddress() {
        assertThat(GatewayRoutes.serviceUri(SERVICES, "projections.audit-trail", "audit-trail", "audit"))
                .isEqualTo(URI.create("http://audit:8086"));
        assertThat(GatewayRoutes.serviceUri(SERVICES, "projections.v1.2_x", "v1.2_x", "audit")).isNotNull();
    }

    @Test
    void anUnknownServiceIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> GatewayRoutes.serviceUri(SERVICES, "dead-letter-consumers.query", "query", "query-sid"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("taskflow.gateway.admin.dead-letter-consumers.query")
                .hasMessageContaining("query-sid");
    }

    @Test
    void aNameThatIsNoPlainPathSegmentIsRefused() {
        for (String name : List.of("a/b", "{x}", "*", "a b", "", ".", "..")) {
            assertThatThrownBy(() -> GatewayRoutes.serviceUri(SERVICES, "projections." + name, name, "audit"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not a usable path segment");
        }
    }
}
