package dev.taskflow.gateway;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.CodecException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Seed §1.2: asks identity-service whether a bearer token is valid and whose it is. The call goes
 * through identity's circuit breaker (shared with identity's routes), so once identity is known to be
 * down an uncached token costs no connection attempt and no timeout: it is refused with 503 at once.
 */
@Component
class IdentityClient {

    private static final Logger log = LoggerFactory.getLogger(IdentityClient.class);

    private final WebClient webClient;
    private final Duration timeout;
    private final DownstreamCircuitBreakers breakers;

    IdentityClient(WebClient.Builder builder, GatewayProperties properties, DownstreamCircuitBreakers breakers,
                   ServiceCredential credential) {
        this.timeout = properties.auth().identityTimeout();
        this.breakers = breakers;
        HttpClient httpClient = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .responseTimeout(timeout);
        this.webClient = builder.clone()
                .baseUrl(properties.services().identity().toString())
                .clientConnector(new ReactorClientHttpConnector(httpClient))
                .filter(credential.onEveryCall())
                .build();
    }

    /**
     * Emits the user, or fails with an {@link EdgeRejection}: 401 when identity refuses the token,
     * 503 when identity cannot answer (down, slow, breaker open, or answering something unusable).
     */
    Mono<AuthenticatedUser> validate(String authorization, EdgeContext context) {
        // Inside the breaker only what says "identity is not working" is an error; a refusal or an odd
        // answer is a value, so it does not count against identity.
        Mono<Answer> call = webClient.post()
                .uri("/auth/validate")
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .header(EdgeHeaders.CORRELATION_ID, context.correlationId())
                .header(EdgeHeaders.REQUEST_ID, context.requestId())
                .header(EdgeHeaders.TRACEPARENT, context.traceparent())
                .accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> {
                    HttpStatus status = HttpStatus.resolve(response.statusCode().value());
                    if (status == HttpStatus.OK) {
                        return response.bodyToMono(AuthenticatedUser.class)
                                .map(Answer::user)
                                .onErrorResume(CodecException.class, e -> Mono.just(Answer.unusable("an unreadable body")))
                                .defaultIfEmpty(Answer.unusable("no body"));
                    }
                    if (status == HttpStatus.UNAUTHORIZED || status == HttpStatus.FORBIDDEN) {
                        return response.releaseBody().thenReturn(Answer.REFUSED);
                    }
                    String problem = "status " + response.statusCode().value();
                    if (breakers.countsAsFailure(response.statusCode())) {
                        return response.releaseBody().then(Mono.error(new IllegalStateException(
                                "identity-service answered " + problem)));
                    }
                    return response.releaseBody().thenReturn(Answer.unusable(problem));
                })
                .timeout(timeout);
        return breakers.run(GatewayRoutes.IDENTITY, call)
                .flatMap(answer -> {
                    if (answer.refused()) {
                        return Mono.error(EdgeRejection.unauthenticated("The token is not valid"));
                    }
                    AuthenticatedUser user = answer.user();
                    if (user == null || user.userId() == null || user.userId().isBlank()) {
                        return Mono.error(new IllegalStateException("identity-service answered "
                                + (answer.problem() == null ? "without a userId" : answer.problem())));
                    }
                    return Mono.just(user);
                })
                .onErrorMap(error -> !(error instanceof EdgeRejection), error -> {
                    if (error instanceof CallNotPermittedException) {
                        // identity is known to be down; its breaker logged the transition once
                        log.debug("Token not validated, identity's circuit breaker is open (correlationId={})",
                                context.correlationId());
                        return EdgeRejection.identityUnavailable(error, breakers.openWait());
                    }
                    log.warn("Token validation failed at identity-service (correlationId={}): {}",
                            context.correlationId(), error.toString());
                    return EdgeRejection.identityUnavailable(error, null);
                });
    }

    /** What identity said: a user, a refusal, or something the gateway cannot use ({@code problem}). */
    private record Answer(AuthenticatedUser user, boolean refused, String problem) {

        static final Answer REFUSED = new Answer(null, true, null);

        static Answer user(AuthenticatedUser user) {
            return new Answer(user, false, null);
        }

        static Answer unusable(String problem) {
            return new Answer(null, false, problem);
        }
    }
}
