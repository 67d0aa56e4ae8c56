package dev.taskflow.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ServiceCredentialFilterTest {

    private static final String SECRET = "s3cret-0123456789-abcdefghij-KLMNOP";
    private final ServiceCredentialFilter filter = ServiceCredentialFilter.of(new ServiceCredentialProperties(SECRET));

    @Test
    void missingCredentialIsA401ProblemAndTheRequestGoesNoFurther() throws Exception {
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = run(request("/workflow/tasks", null), chain);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString(StandardCharsets.UTF_8))
                .contains("\"title\":\"Not from the gateway\"", "\"status\":401", "X-Service-Credential", "\"correlationId\":");
        assertThat(chain.getRequest()).as("not passed on").isNull();
    }

    @Test
    void wrongCredentialOfAnyLengthIsA401AndNeverEchoed() throws Exception {
        for (String wrong : new String[]{SECRET.substring(1) + "x", SECRET + "x", "x", ""}) {
            MockFilterChain chain = new MockFilterChain();
            MockHttpServletResponse response = run(request("/organizations", wrong), chain);

            assertThat(response.getStatus()).as(wrong).isEqualTo(401);
            assertThat(chain.getRequest()).isNull();
            assertThat(response.getContentAsString()).doesNotContain(SECRET);
        }
    }

    @Test
    void rightCredentialPassesEverywhereActuatorPassesWithout() throws Exception {
        for (String path : new String[]{"/workflow/tasks", "/admin/dead-letters", "/v3/api-docs", "/swagger-ui/index.html"}) {
            MockFilterChain chain = new MockFilterChain();
            run(request(path, SECRET), chain);
            assertThat(chain.getRequest()).as(path).isNotNull();
            assertThat(run(request(path, null), new MockFilterChain()).getStatus()).as(path).isEqualTo(401);
        }
        for (String path : new String[]{"/actuator", "/actuator/health", "/actuator/prometheus"}) {
            MockFilterChain chain = new MockFilterChain();
            run(request(path, null), chain);
            assertThat(chain.getRequest()).as(path).isNotNull();
        }
        // only the actuator itself, not a path that merely starts like it
        assertThat(run(request("/actuatorx", null), new MockFilterChain()).getStatus()).isEqualTo(401);
    }

    @Test
    void aMissingOrShortCredentialStopsTheStartWithoutShowingIt() {
        assertThatThrownBy(() -> ServiceCredentialFilter.of(new ServiceCredentialProperties(null)))
                .isInstanceOf(ServiceCredentialMissingException.class)
                .hasMessageContaining("TASKFLOW_SERVICE_CREDENTIAL").hasMessageContaining("not set");
        assertThatThrownBy(() -> ServiceCredentialFilter.of(new ServiceCredentialProperties("  ")))
                .isInstanceOf(ServiceCredentialMissingException.class);
        String shortSecret = "only-thirty-one-characters-long";
        assertThatThrownBy(() -> ServiceCredentialFilter.of(new ServiceCredentialProperties(shortSecret)))
                .isInstanceOf(ServiceCredentialMissingException.class)
                .hasMessageContaining("31 characters").hasMessageContaining("at least 32")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortSecret));
        assertThat(new ServiceCredentialProperties(SECRET).toString()).doesNotContain(SECRET);
        assertThat(new ServiceCredentialFailureAnalyzer().analyze(new ServiceCredentialMissingException("m")).getAction())
                .contains("TASKFLOW_SERVICE_CREDENTIAL", "32");
    }

    private static MockHttpServletRequest request(String path, String credential) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setServletPath(path);
        if (credential != null) {
            request.addHeader(Headers.SERVICE_CREDENTIAL, credential);
        }
        return request;
    }

    private MockHttpServletResponse run(MockHttpServletRequest request, MockFilterChain chain) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }
}
