package dev.taskflow.gateway;

import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The operator console: static files (no build step) served at {@code /console/} without a token, since the
 * page is where the operator signs in. Every figure it shows comes from {@code /admin/**} with the
 * operator's bearer token, so the page itself holds nothing worth protecting. Not a gateway route: the
 * {@link AuthenticationFilter} only sees routed requests, and the files are the gateway's own.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleRoutes {

    static final String PATH = "/console";
    /**
     * Not {@code static/}: in the launcher every service shares the class path, and each servlet service would
     * serve the console from its own port too.
     */
    private static final String LOCATION = "console/";
    // Nothing but the page's own files: no inline script, no other origin, no framing
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    RouterFunction<ServerResponse> consoleRouter() {
        ClassPathResource index = new ClassPathResource(LOCATION + "index.html");
        return RouterFunctions.route()
                .GET(PATH, request -> ServerResponse.permanentRedirect(URI.create(PATH + "/")).build())
                .GET(PATH + "/", request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                        .body(BodyInserters.fromResource(index)))
                .add(RouterFunctions.resources(PATH + "/**", new ClassPathResource(LOCATION)))
                .filter(ConsoleRoutes::withHeaders)
                .build();
    }

    private static Mono<ServerResponse> withHeaders(ServerRequest request, HandlerFunction<ServerResponse> next) {
        HttpHeaders headers = request.exchange().getResponse().getHeaders();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        // a new gateway version brings new files; revalidating a few small files costs nothing
        headers.setCacheControl(CacheControl.noCache());
        return next.handle(request);
    }
}
