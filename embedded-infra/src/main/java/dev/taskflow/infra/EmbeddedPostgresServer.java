package dev.taskflow.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server from the zonky binaries (no Docker). With a data directory the data
 * survives a restart; without one it lives in a temporary directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String DATABASE = "taskflow";
    public static final String USER = "postgres";

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /**
     * @param dataDirectory where the cluster lives; kept across {@link #stop()} and {@link #start()}
     * @param port          the port to listen on; 0 picks a free one
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDirectory, port == 0 ? FreePorts.any() : port);
        server.start();
        server.createDatabaseIfMissing();
        return server;
    }

    /** Starts the server again on the same port and data, e.g. after a {@link #stop()} that simulated an outage. */
    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setServerConfig("max_connections", "300")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    // the owner stops the server after the services using it, not in a racing JVM hook
                    .setRegisterShutdownHook(false)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    /** Stops the server; connections break as in a real outage. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            postgres = null;
        }
    }

    public int port() {
        return port;
    }

    /** JDBC URL of the platform database, with {@code schema} as the search path. */
    public String jdbcUrl(String schema) {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE + "?currentSchema=" + schema;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/postgres", USER, "");
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute("create database " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + DATABASE, e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
