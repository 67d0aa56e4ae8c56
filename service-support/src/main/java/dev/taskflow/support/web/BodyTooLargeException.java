package dev.taskflow.support.web;

import java.io.IOException;

/**
 * A streamed request body grew past {@code taskflow.web.max-body-bytes}. An {@link IOException}, so that
 * whatever reads the body stops at once; {@link ProblemDetailsAdvice} finds it under Spring's wrapper.
 */
final class BodyTooLargeException extends IOException {

    private final long maxBytes;

    BodyTooLargeException(long maxBytes) {
        super(detail(maxBytes));
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    static String detail(long maxBytes) {
        return "Request body is larger than " + maxBytes + " bytes";
    }
}
