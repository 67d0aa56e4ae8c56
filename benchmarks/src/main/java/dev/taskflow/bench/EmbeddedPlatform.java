package dev.taskflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** {@code ./run.sh} started by the harness on a fresh data directory, and stopped the way Ctrl-C would. */
final class EmbeddedPlatform implements AutoCloseable {

    static final String OPERATOR = "bench-ops";
    private static final String BROKER_MAIN = "dev.taskflow.infra.KafkaBrokerMain";

    private final Path dataDirectory;
    private final int gatewayPort;
    private final int kafkaPort;
    private final int postgresPort;
    private Process process;
    private Instant launchedAt;

    EmbeddedPlatform(Path dataDirectory, Map<String, String> env) {
        this.dataDirectory = dataDirectory;
        this.gatewayPort = port(env, "GATEWAY_PORT", 8080);
        this.kafkaPort = port(env, "KAFKA_PORT", 9092);
        this.postgresPort = port(env, "POSTGRES_PORT", 54320);
    }

    /** Launches run.sh; returns at once (B4 measures from here). */
    Instant launch(Path repository, Path log) throws IOException {
        Files.createDirectories(dataDirectory);
        ProcessBuilder builder = new ProcessBuilder("./run.sh").directory(repository.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TASKFLOW_DATA_DIR", dataDirectory.toString());
        builder.environment().put("IDENTITY_OPERATORS", OPERATOR);
        // the services measure lag and outbox every 5 s by default; the benchmarks sample every second
        builder.environment().put("TASKFLOW_CONSUMER_LAGINTERVAL", "1s");
        builder.environment().put("TASKFLOW_OUTBOX_INTERVAL", "1s");
        // the benchmarks measure capacity, not the gateway's rate limits: a few users and one address drive
        // all the load (B4 polls sign-up and sign-in from localhost)
        for (String limit : List.of("USER", "ORGANIZATION", "ADDRESS")) {
            builder.environment().put("GATEWAY_RATE_LIMIT_" + limit + "_CAPACITY", "1000000");
            builder.environment().put("GATEWAY_RATE_LIMIT_" + limit + "_PER_SECOND", "1000000");
        }
        launchedAt = Instant.now();
        process = builder.start();
        return launchedAt;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String gatewayUrl() {
        return "http://localhost:" + gatewayPort;
    }

    String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    String databaseUrl() {
        return "postgresql://postgres@localhost:" + postgresPort + "/taskflow";
    }

    /** The launcher JVM, its children (the Kafka broker) and the PostgreSQL server, which detaches from it. */
    Set<Long> processes() {
        Set<Long> roots = new LinkedHashSet<>();
        if (alive()) {
            roots.add(process.pid());
        }
        postmaster().ifPresent(roots::add);
        return ProcessMemory.trees(roots);
    }

    ProcessMemory.Usage memory() {
        return ProcessMemory.of(processes());
    }

    Optional<Long> brokerPid() {
        return processes().stream().filter(pid -> ProcessMemory.commandLine(pid).contains(BROKER_MAIN)).findFirst();
    }

    BrokerControl brokerControl() {
        return new BrokerControl() {
            @Override
            public void stop() {
                signal("-STOP");
            }

            @Override
            public void start() {
                signal("-CONT");
            }

            @Override
            public String describe() {
                return "SIGSTOP / SIGCONT of the Kafka broker JVM (" + BROKER_MAIN + ")";
            }

            private void signal(String signal) {
                long pid = brokerPid().orElseThrow(() -> new IllegalStateException("no Kafka broker process found"));
                Shell.run("kill " + signal + " " + pid, Duration.ofSeconds(10));
            }
        };
    }

    /** The PostgreSQL server's pid, from the data directory the launcher gives it ({@code <data>/postgres}). */
    private Optional<Long> postmaster() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postgres").resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** SIGTERM to the launcher (its shutdown hook stops services, broker and PostgreSQL); SIGKILL what is left. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        Set<Long> before = processes();
        brokerPid().ifPresent(pid -> Shell.run("kill -CONT " + pid, Duration.ofSeconds(5)));
        process.destroy();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                System.out.println("The platform did not stop within 90 s; killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Instant deadline = Instant.now().plusSeconds(30);
            while (before.stream().anyMatch(ProcessMemory::alive) && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        before.stream().filter(ProcessMemory::alive).forEach(pid -> {
            System.out.println("Left over after the stop, killed: " + pid + " " + ProcessMemory.commandLine(pid));
            Shell.run("kill -9 " + pid, Duration.ofSeconds(5));
        });
        process = null;
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
