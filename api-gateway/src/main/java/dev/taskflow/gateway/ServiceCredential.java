package dev.taskflow.gateway;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.server.ServerWebExchange;

/**
 * The services accept only requests that carry {@code X-Service-Credential} with the secret they share with
 * the gateway, so a client that reaches a service's port directly cannot pose as the gateway (and set
 * {@code X-User-Id} itself). The gateway puts it on everything it sends to a service: forwarded requests
 * (as a {@link HttpHeadersFilter}, applied by the routing filter to exactly what leaves, after every other
 * filter) and its own calls ({@link #onEveryCall()}). A client's own {@code X-Service-Credential} was
 * dropped at the edge ({@link EdgeHeaders#EDGE_OWNED}); this sets the header, it never adds a second one.
 * The value is never logged.
 */
@Component
class ServiceCredential implements HttpHeadersFilter, Ordered {

    static final String PROPERTY = "taskflow.security.service-credential";
    static final int MINIMUM_LENGTH = 32;

    private final String value;

    ServiceCredential(SecurityProperties security) {
        String credential = security.serviceCredential();
        if (credential == null || credential.isBlank()) {
            throw new IllegalStateException(PROPERTY + " (env TASKFLOW_SERVICE_CREDENTIAL) is not set: the gateway needs"
                    + " the secret it shares with the services, at least " + MINIMUM_LENGTH + " characters");
        }
        if (credential.length() < MINIMUM_LENGTH) {
            // the length, never the value
            throw new IllegalStateException(PROPERTY + " (env TASKFLOW_SERVICE_CREDENTIAL) has " + credential.length()
                    + " characters; it must have at least " + MINIMUM_LENGTH);
        }
        this.value = credential;
    }

    /** For the gateway's own WebClients: every call they make goes to a service. */
    ExchangeFilterFunction onEveryCall() {
        return (request, next) -> next.exchange(ClientRequest.from(request)
                .headers(headers -> headers.set(EdgeHeaders.SERVICE_CREDENTIAL, value))
                .build());
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(input);
        headers.set(EdgeHeaders.SERVICE_CREDENTIAL, value);
        return headers;
    }

    @Override
    public int getOrder() {
        // after the gateway's own header filters, so none of them can drop or change it
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public String toString() {
        return "ServiceCredential[(hidden)]";
    }
}
