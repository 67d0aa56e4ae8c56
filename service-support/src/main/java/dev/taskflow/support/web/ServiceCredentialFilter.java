package dev.taskflow.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request in only when it carries the gateway's shared secret in {@code X-Service-Credential}:
 * listening on 127.0.0.1 alone trusts every process of the machine (and every container of the network)
 * to send honest {@code X-User-Id} headers. Actuator stays open for probes and metrics scraping.
 * Runs before anything reads the body, so a refused request is not processed at all.
 */
final class ServiceCredentialFilter extends OncePerRequestFilter {

    static final int MIN_LENGTH = 32;
    static final String PROPERTY = "taskflow.security.service-credential";
    static final String ENVIRONMENT_VARIABLE = "TASKFLOW_SERVICE_CREDENTIAL";

    /** Digests, not the strings: compared in constant time whatever the length the caller sent. */
    private final byte[] expectedDigest;

    private ServiceCredentialFilter(byte[] expectedDigest) {
        this.expectedDigest = expectedDigest;
    }

    /** Fails the start when the secret is missing or too short to resist guessing; the message never shows it. */
    static ServiceCredentialFilter of(ServiceCredentialProperties properties) {
        String credential = properties.serviceCredential();
        if (credential == null || credential.isBlank()) {
            throw new ServiceCredentialMissingException(PROPERTY + " (environment variable " + ENVIRONMENT_VARIABLE
                    + ") is not set: every service needs the secret the gateway sends as " + Headers.SERVICE_CREDENTIAL);
        }
        if (credential.length() < MIN_LENGTH) {
            throw new ServiceCredentialMissingException(PROPERTY + " (environment variable " + ENVIRONMENT_VARIABLE
                    + ") has " + credential.length() + " characters; at least " + MIN_LENGTH + " are required");
        }
        return new ServiceCredentialFilter(digest(credential));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // the servlet path is decoded and normalised, so /actuator/../workflow/tasks is not mistaken for actuator
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals("/actuator") || path.startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(Headers.SERVICE_CREDENTIAL);
        if (presented == null || !MessageDigest.isEqual(expectedDigest, digest(presented))) {
            // one answer for missing and wrong: a caller learns nothing about which it was
            FilterProblems.write(request, response, HttpStatus.UNAUTHORIZED, "Not from the gateway",
                    "Services answer only the gateway: " + Headers.SERVICE_CREDENTIAL + " is missing or wrong");
            return;
        }
        chain.doFilter(request, response);
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
