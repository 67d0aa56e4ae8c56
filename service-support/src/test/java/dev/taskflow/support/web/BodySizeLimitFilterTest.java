package dev.taskflow.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.DelegatingServletInputStream;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BodySizeLimitFilterTest {

    private final BodySizeLimitFilter filter = new BodySizeLimitFilter(10);

    @Test
    void declaredLengthOverTheLimitIsA413BeforeAnythingIsRead() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/workflow/tasks");
        request.setContent("{\"title\":\"too long\"}".getBytes(StandardCharsets.UTF_8));
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("larger than 10 bytes", "\"correlationId\":");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void streamedBodyWithoutLengthStopsOnceItPassesTheLimit() throws Exception {
        HttpServletRequest seen = passOn(chunked("0123456789A"));

        InputStream body = seen.getInputStream();
        assertThatThrownBy(body::readAllBytes).isInstanceOf(BodyTooLargeException.class)
                .hasMessage("Request body is larger than 10 bytes");
        assertThatThrownBy(() -> passOn(chunked("0123456789A")).getReader().read(new char[64]))
                .isInstanceOf(BodyTooLargeException.class);
    }

    @Test
    void bodyWithinTheLimitIsReadWhole() throws Exception {
        assertThat(passOn(chunked("0123456789")).getInputStream().readAllBytes())
                .isEqualTo("0123456789".getBytes(StandardCharsets.UTF_8));
    }

    private HttpServletRequest passOn(MockHttpServletRequest request) throws Exception {
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isNotNull();
        return (HttpServletRequest) chain.getRequest();
    }

    /** A body whose length is not declared (chunked transfer encoding). */
    private static MockHttpServletRequest chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new MockHttpServletRequest("POST", "/workflow/tasks") {
            @Override
            public jakarta.servlet.ServletInputStream getInputStream() {
                return new DelegatingServletInputStream(new ByteArrayInputStream(bytes));
            }

            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
    }
}
