package dev.taskflow.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery: {@code sha256=<hex HMAC-SHA256>} keyed with the webhook's secret
 * (its UTF-8 bytes) over {@code <timestamp>.<raw body>}, where the timestamp is the
 * {@code X-Taskflow-Timestamp} header (Unix seconds). A receiver recomputes it over the bytes it received,
 * compares in constant time, and refuses timestamps far from its clock (replays).
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Taskflow-Signature";
    public static final String TIMESTAMP_HEADER = "X-Taskflow-Timestamp";
    public static final String DELIVERY_HEADER = "X-Taskflow-Delivery";
    public static final String EVENT_HEADER = "X-Taskflow-Event";

    private WebhookSignature() {
    }

    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
