package dev.taskflow.gateway;

import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses (400) a path with a {@code .} or {@code ..} segment, in any spelling ({@code %2e%2e},
 * {@code ..;param}). The gateway matches routes on the path as sent and forwards it unchanged, but the
 * services (Tomcat) resolve dot segments: {@code /workflow/../admin/dlq/query} would pass as a
 * workflow read, needing no role, and arrive at the query side as {@code /admin/dlq/query}. Clients
 * resolve dot segments themselves, so no legitimate request has one. An encoded NUL ({@code %00}) in a
 * segment is refused here too: the services' Tomcat would answer it with a bare HTML 400.
 */
@Component
class DotSegmentFilter implements WebFilter, Ordered {

    @Override
    public int getOrder() {
        // right after EdgeContextFilter: the refusal carries the correlation id
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        for (PathContainer.Element element : exchange.getRequest().getPath().elements()) {
            // valueToMatch: percent-decoded, without ;parameters
            if (element instanceof PathContainer.PathSegment segment
                    && (segment.valueToMatch().equals(".") || segment.valueToMatch().equals(".."))) {
                return Mono.error(EdgeRejection.badRequest("The path must not contain '.' or '..' segments"));
            }
            if (element instanceof PathContainer.PathSegment segment && segment.valueToMatch().indexOf('\u0000') >= 0) {
                return Mono.error(EdgeRejection.badRequest("The path must not contain the NUL character (%00)"));
            }
        }
        return chain.filter(exchange);
    }
}
