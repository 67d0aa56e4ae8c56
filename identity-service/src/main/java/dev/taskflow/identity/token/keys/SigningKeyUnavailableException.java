package dev.taskflow.identity.token.keys;

import java.nio.file.Path;

/** The service cannot sign tokens, so it must not start. */
class SigningKeyUnavailableException extends RuntimeException {

    private final Path file;

    SigningKeyUnavailableException(Path file, String problem, Throwable cause) {
        super("Token signing key " + file.toAbsolutePath() + ": " + problem, cause);
        this.file = file;
    }

    SigningKeyUnavailableException(Path file, String problem) {
        this(file, problem, null);
    }

    Path file() {
        return file;
    }
}
