package dev.taskflow.gateway;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** Seed §1.2: asks identity-service whether a bearer token is valid and whose it is. */
@Component
class IdentityClient {

    private static final Logger log = LoggerFactory.getLogger(IdentityClient.class);

    private final WebClient webClient;
    private final Duration timeout;

    IdentityClient(WebClient.Builder builder, GatewayProperties properties) {
        this.timeout = properties.auth().identityTimeout();
        HttpClient httpClient = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .responseTimeout(timeout);
        this.webClient = builder.clone()
                .baseUrl(properties.services().identity().toString())
                .clientConnector(new ReactorClientHttpConnector(httpClient))
                .build();
    }

    /**
     * Emits the user, or fails with an {@link EdgeRejection}: 401 when identity refuses the token,
     * 503 when identity cannot answer (down, slow, or answering something unusable).
     */
    Mono<AuthenticatedUser> validate(String authorization, EdgeContext context) {
        return webClient.post()
                .uri("/auth/validate")
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .header(EdgeHeaders.CORRELATION_ID, context.correlationId())
                .header(EdgeHeaders.REQUEST_ID, context.requestId())
                .header(EdgeHeaders.TRACEPARENT, context.traceparent())
                .accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> {
                    HttpStatus status = HttpStatus.resolve(response.statusCode().value());
                    if (status == HttpStatus.OK) {
                        return response.bodyToMono(AuthenticatedUser.class);
                    }
                    if (status == HttpStatus.UNAUTHORIZED || status == HttpStatus.FORBIDDEN) {
                        return response.releaseBody()
                                .then(Mono.error(EdgeRejection.unauthenticated("The token is not valid")));
                    }
                    return response.releaseBody().then(Mono.error(new IllegalStateException(
                            "identity-service answered " + response.statusCode().value())));
                })
                .timeout(timeout)
                .filter(user -> user.userId() != null && !user.userId().isBlank())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("identity-service answered without a userId")))
                .onErrorMap(error -> !(error instanceof EdgeRejection), error -> {
                    log.warn("Token validation failed at identity-service (correlationId={}): {}",
                            context.correlationId(), error.toString());
                    return EdgeRejection.identityUnavailable(error);
                });
    }
}
