package dev.taskflow.support.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The secret the gateway sends as {@code X-Service-Credential} on every call to a service. Checked when
 * the filter is built, not here: a failure while binding would print the (wrong) value in Boot's report.
 *
 * @param serviceCredential the shared secret, at least {@link ServiceCredentialFilter#MIN_LENGTH} characters
 */
@ConfigurationProperties("taskflow.security")
record ServiceCredentialProperties(String serviceCredential) {

    /** Never the secret itself: records print every component, and properties end up in logs and reports. */
    @Override
    public String toString() {
        return "ServiceCredentialProperties[serviceCredential=" + (serviceCredential == null ? "unset" : "******") + "]";
    }
}
