package dev.taskflow.support.web;

/** The service cannot start: without the shared secret it would refuse every call from the gateway. */
class ServiceCredentialMissingException extends IllegalStateException {

    ServiceCredentialMissingException(String message) {
        super(message);
    }
}
