package dev.taskflow.gateway;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses (413) a request body larger than {@code taskflow.gateway.max-body-size}, before anything is
 * forwarded. A declared {@code Content-Length} is checked as it stands: the codec holds the body to exactly
 * that many bytes, so a body within it is streamed on. A chunked body says nothing in advance, and a service
 * that had received its first megabyte could not be told to forget it, so it is read into memory up to the
 * limit first and forwarded with a {@code Content-Length}; the platform's bodies are small JSON documents,
 * so this costs little. Runs after authentication and the rate limits: a refused client costs no buffering.
 *
 * <p>The 413 keeps the connection: Reactor Netty reads and drops whatever of the body is still coming. Closing
 * instead would leave unread bytes behind, and the TCP reset that follows can cost the client the answer.
 */
@Component
class BodySizeLimitFilter implements GlobalFilter, Ordered {

    private final int maxBytes;

    BodySizeLimitFilter(GatewayProperties properties) {
        this.maxBytes = (int) properties.maxBodySize().toBytes();
    }

    @Override
    public int getOrder() {
        return AuthenticationFilter.ORDER + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        long declared = headers.getContentLength();
        if (declared > maxBytes) {
            return Mono.error(tooLarge());
        }
        // HTTP/1.1 has a body without Content-Length only when chunked (Netty drops a Content-Length sent with it)
        if (declared >= 0 || !headers.containsKey(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), maxBytes)
                .map(BodySizeLimitFilter::bytesOf)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, tooMuch -> tooLarge())
                .flatMap(body -> chain.filter(exchange.mutate().request(buffered(exchange.getRequest(), body)).build()));
    }

    private EdgeRejection tooLarge() {
        return EdgeRejection.payloadTooLarge("The request body is larger than " + maxBytes
                + " bytes; the request was not forwarded");
    }

    private static byte[] bytesOf(DataBuffer joined) {
        try {
            byte[] bytes = new byte[joined.readableByteCount()];
            joined.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(joined);
        }
    }

    /** The request with the body read so far, now of known length. */
    private static ServerHttpRequest buffered(ServerHttpRequest request, byte[] body) {
        ServerHttpRequest withLength = request.mutate().headers(headers -> {
            headers.remove(HttpHeaders.TRANSFER_ENCODING);
            headers.setContentLength(body.length);
        }).build();
        return new ServerHttpRequestDecorator(withLength) {
            @Override
            public Flux<DataBuffer> getBody() {
                // a heap buffer per subscription: nothing pooled to release if the request is never forwarded
                return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
            }
        };
    }
}
