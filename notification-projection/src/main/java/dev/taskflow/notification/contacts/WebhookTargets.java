package dev.taskflow.notification.contacts;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs may receive webhooks: absolute {@code http} or {@code https} URLs with a host, no user info
 * and no fragment; unless private addresses are allowed, not a host that resolves to a loopback, private
 * (site-local), link-local, unique-local or wildcard address, so that a webhook cannot be aimed at the
 * platform's own services behind the gateway.
 */
public final class WebhookTargets {

    private final boolean allowPrivateAddresses;

    public WebhookTargets(boolean allowPrivateAddresses) {
        this.allowPrivateAddresses = allowPrivateAddresses;
    }

    /** Why the URL is refused, or empty when it is fine. */
    public Optional<String> problem(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("must not be blank");
        }
        if (url.length() > 2000) {
            return Optional.of("must be at most 2000 characters long");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (Exception e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not contain user information");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not contain a fragment");
        }
        return addressProblem(uri.getHost());
    }

    /** Whether the host may be called now (checked again before every delivery: DNS may have changed). */
    public Optional<String> addressProblem(String host) {
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.of("names a host that cannot be resolved");
        }
        for (InetAddress address : addresses) {
            byte[] bytes = address.getAddress();
            boolean uniqueLocal = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
            if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                    || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocal) {
                return Optional.of("must not point at a loopback, private or link-local address");
            }
        }
        return Optional.empty();
    }
}
