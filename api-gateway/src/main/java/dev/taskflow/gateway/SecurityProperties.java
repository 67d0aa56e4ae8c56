package dev.taskflow.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The secret shared with the services (api-gateway.yml, {@code TASKFLOW_SERVICE_CREDENTIAL}). Checked by
 * {@link ServiceCredential} rather than by bean validation, whose start-up report would print the value.
 *
 * @param serviceCredential what every request to a service carries in {@code X-Service-Credential}
 */
@ConfigurationProperties("taskflow.security")
record SecurityProperties(String serviceCredential) {

    /** Never the secret: a record's toString would otherwise put it wherever the properties are printed. */
    @Override
    public String toString() {
        return "SecurityProperties[serviceCredential=" + (serviceCredential == null ? "unset" : "(hidden)") + "]";
    }
}
