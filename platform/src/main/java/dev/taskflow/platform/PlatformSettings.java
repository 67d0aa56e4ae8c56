package dev.taskflow.platform;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the embedded platform keeps its data and which ports it uses (the mail catcher's SMTP port and
 * its HTTP view included). Every value comes from an
 * environment variable with a default; port 0 means "any free port" (used by the tests).
 */
record PlatformSettings(Path dataDirectory, int gatewayPort, int kafkaPort, int postgresPort,
                        Map<String, Integer> servicePorts, int smtpPort, int mailViewPort) {

    static PlatformSettings fromEnvironment(Map<String, String> env) {
        return new PlatformSettings(
                Path.of(env.getOrDefault("TASKFLOW_DATA_DIR", ".data")).toAbsolutePath(),
                port(env, "GATEWAY_PORT", 8080),
                port(env, "KAFKA_PORT", 9092),
                port(env, "POSTGRES_PORT", 54320),
                Map.of("identity-service", port(env, "IDENTITY_PORT", 8081),
                        "organization-service", port(env, "ORGANIZATION_PORT", 8082),
                        "billing-service", port(env, "BILLING_PORT", 8083),
                        "command-side", port(env, "COMMAND_SIDE_PORT", 8084),
                        "query-side", port(env, "QUERY_SIDE_PORT", 8085),
                        "audit-projection", port(env, "AUDIT_PORT", 8086),
                        "analytics-projection", port(env, "ANALYTICS_PORT", 8087),
                        "notification-projection", port(env, "NOTIFICATION_PORT", 8088)),
                port(env, "SMTP_PORT", 2525),
                port(env, "MAIL_PORT", 8025));
    }

    /** Free ports everywhere and data in {@code directory}: for tests. */
    static PlatformSettings anyPorts(Path directory) {
        return new PlatformSettings(directory, 0, 0, 0, Map.of(), 0, 0);
    }

    int servicePort(String service) {
        return servicePorts.getOrDefault(service, 0);
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'");
        }
    }
}
