package dev.taskflow.support.web;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or short service credential into Boot's start-up report instead of a bean-creation trace. */
class ServiceCredentialFailureAnalyzer extends AbstractFailureAnalyzer<ServiceCredentialMissingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ServiceCredentialMissingException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set " + ServiceCredentialFilter.ENVIRONMENT_VARIABLE + " (or " + ServiceCredentialFilter.PROPERTY
                        + ") to the same secret as the gateway's, at least " + ServiceCredentialFilter.MIN_LENGTH
                        + " characters, for example the output of: openssl rand -base64 32", cause);
    }
}
