package dev.taskflow.identity.token.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.regex.Pattern;

/**
 * The address a request comes from, for counting failed sign-ins. The gateway appends the address of
 * its peer to {@code X-Forwarded-For}, so only the rightmost entry is not the client's own say; entries
 * to its left are whatever the client sent. Without the header (a direct call), or with a rightmost entry
 * that no proxy would write, it is the connection's address.
 */
final class ClientAddress {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    // IPv4, IPv6 (with brackets or zone) and RFC 7239 obfuscated identifiers; also keeps log lines clean
    private static final Pattern PLAUSIBLE = Pattern.compile("[0-9A-Za-z.:%\\[\\]_-]{1,64}");

    private ClientAddress() {
    }

    static String of(HttpServletRequest request) {
        String rightmost = null;
        Enumeration<String> headers = request.getHeaders(FORWARDED_FOR);
        while (headers != null && headers.hasMoreElements()) {
            String header = headers.nextElement();
            // a proxy may append another header line instead of extending the first one
            rightmost = header.substring(header.lastIndexOf(',') + 1).trim();
        }
        return rightmost != null && PLAUSIBLE.matcher(rightmost).matches() ? rightmost : request.getRemoteAddr();
    }
}
