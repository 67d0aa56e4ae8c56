package dev.taskflow.platform;

import java.util.List;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * One service as the launcher starts it.
 *
 * @param name        the service name (also its config file name)
 * @param application the service's own application builder
 * @param schema      its PostgreSQL schema, or {@code null} when it has no database
 * @param foreign     auto-configuration packages that belong to other services on the shared class path
 */
record ServiceSpec(String name, Supplier<SpringApplicationBuilder> application, String schema, List<String> foreign) {
}
