package dev.taskflow.gateway;

import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses (431 problem+json) a request whose header section is larger than
 * {@code taskflow.gateway.max-header-size}, before authentication or routing. Reactor Netty's decoder has a
 * limit of its own ({@code server.max-http-request-header-size}), set well above this one: it protects the
 * decoder's memory, but answers with an empty body before any of our code runs. Checking here instead gives
 * the client a problem that names the limit and carries its correlation id. Runs right after
 * {@link EdgeContextFilter}, which gives every answer that id.
 */
@Component
class HeaderSizeLimitFilter implements WebFilter, Ordered {

    private final long maxBytes;

    HeaderSizeLimitFilter(GatewayProperties properties) {
        this.maxBytes = properties.maxHeaderSize().toBytes();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long size = 0;
        for (Map.Entry<String, List<String>> header : exchange.getRequest().getHeaders().entrySet()) {
            for (String value : header.getValue()) {
                // as on the wire: "Name: value\r\n"
                size += header.getKey().length() + 2 + value.length() + 2;
            }
        }
        if (size > maxBytes) {
            return Mono.error(EdgeRejection.headersTooLarge("The request's headers take " + size + " bytes, more than the "
                    + maxBytes + " allowed; the request was not forwarded"));
        }
        return chain.filter(exchange);
    }
}
