package dev.taskflow.gateway;

import io.micrometer.tracing.handler.TracingObservationHandler;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/** W3C trace context: a client's valid traceparent is continued, anything else starts a new trace. */
final class Traceparent {

    private static final Pattern VERSION_00 = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final String ZERO_TRACE_ID = "0".repeat(32);
    private static final String ZERO_PARENT_ID = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Traceparent() {
    }

    static boolean isValid(String value) {
        if (value == null) {
            return false;
        }
        var matcher = VERSION_00.matcher(value);
        // all-zero ids are explicitly invalid in the spec: receivers would drop the trace anyway
        return matcher.matches() && !ZERO_TRACE_ID.equals(matcher.group(1)) && !ZERO_PARENT_ID.equals(matcher.group(2));
    }

    /** The trace id part of a valid traceparent. */
    static String traceId(String traceparent) {
        return traceparent.substring(3, 35);
    }

    /** The traceparent of the request's server span, when tracing is on. */
    static Optional<String> ofServerSpan(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(observation -> observation.<TracingObservationHandler.TracingContext>get(
                        TracingObservationHandler.TracingContext.class))
                .map(TracingObservationHandler.TracingContext::getSpan)
                .filter(span -> !span.isNoop())
                .map(span -> "00-" + span.context().traceId() + "-" + span.context().spanId() + "-"
                        + (Boolean.FALSE.equals(span.context().sampled()) ? "00" : "01"));
    }

    /** A new sampled trace: the gateway is where the user's action starts (seed §4). */
    static String generate() {
        return "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
    }

    private static String randomHex(int bytes) {
        byte[] buffer = new byte[bytes];
        String hex;
        do {
            RANDOM.nextBytes(buffer);
            hex = HexFormat.of().formatHex(buffer);
        } while (hex.chars().allMatch(c -> c == '0'));
        return hex;
    }
}
