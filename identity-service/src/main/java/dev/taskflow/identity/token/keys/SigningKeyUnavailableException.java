package dev.taskflow.identity.token.keys;

import java.nio.file.Path;

/** The service cannot sign, or cannot verify what it signed before a rotation, so it must not start. */
class SigningKeyUnavailableException extends RuntimeException {

    private final Path file;
    private final SigningKeyRole role;

    SigningKeyUnavailableException(Path file, SigningKeyRole role, String problem, Throwable cause) {
        super(role.label() + " " + file.toAbsolutePath() + ": " + problem, cause);
        this.file = file;
        this.role = role;
    }

    SigningKeyUnavailableException(Path file, SigningKeyRole role, String problem) {
        this(file, role, problem, null);
    }

    SigningKeyUnavailableException(Path file, String problem, Throwable cause) {
        this(file, SigningKeyRole.CURRENT, problem, cause);
    }

    SigningKeyUnavailableException(Path file, String problem) {
        this(file, SigningKeyRole.CURRENT, problem, null);
    }

    Path file() {
        return file;
    }

    SigningKeyRole role() {
        return role;
    }
}
