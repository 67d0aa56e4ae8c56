package dev.taskflow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL and one real Kafka broker per test JVM, started on first use on free ports in
 * throw-away directories. Tests keep apart by using fresh identifiers, not fresh servers.
 */
public final class TestInfrastructure {

    private static EmbeddedPostgresServer postgres;
    private static KafkaBroker kafka;

    private TestInfrastructure() {
    }

    public static synchronized EmbeddedPostgresServer postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgresServer.start(Files.createTempDirectory("taskflow-pg-"), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
        }
        return postgres;
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            try {
                kafka = KafkaBroker.start(Files.createTempDirectory("taskflow-kafka-"), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::kill));
        }
        return kafka;
    }

    /** Points a Spring test at the shared servers, with {@code schema} as the service's own schema. */
    public static void register(DynamicPropertyRegistry registry, String schema) {
        registerPostgres(registry, schema);
        registry.add("taskflow.kafka.bootstrap-servers", () -> kafka().bootstrapServers());
    }

    public static void registerPostgres(DynamicPropertyRegistry registry, String schema) {
        registry.add("spring.datasource.url", () -> postgres().jdbcUrl(schema));
        registry.add("spring.datasource.username", () -> EmbeddedPostgresServer.USER);
        registry.add("spring.datasource.password", () -> "");
    }
}
