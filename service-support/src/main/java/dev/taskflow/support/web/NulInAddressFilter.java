package dev.taskflow.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * 400 for an encoded NUL ({@code %00}) in the path or the query: such a value would reach PostgreSQL as a query
 * parameter, which refuses it with an error that would surface as a 500. The same rule as {@link NulFreeText}
 * for bodies.
 */
final class NulInAddressFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (hasNul(request.getRequestURI()) || hasNul(request.getQueryString())) {
            FilterProblems.write(request, response, HttpStatus.BAD_REQUEST, "Invalid request",
                    "The path and the query parameters " + NulFreeText.PROBLEM);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean hasNul(String raw) {
        return raw != null && (raw.indexOf('\u0000') >= 0 || raw.toLowerCase(Locale.ROOT).contains("%00"));
    }
}
