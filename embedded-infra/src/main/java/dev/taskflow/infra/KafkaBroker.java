package dev.taskflow.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker (KRaft) in a child JVM, so it can be stopped, killed and started
 * again like a real outage. The child runs from this JVM's class path.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path directory, int port, int controllerPort) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * @param directory where logs and the broker's own output go; kept across starts
     * @param port      client port; 0 picks a free one
     */
    public static KafkaBroker start(Path directory, int port) {
        KafkaBroker broker = new KafkaBroker(directory, port == 0 ? FreePorts.any() : port, FreePorts.any());
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Path config = writeConfig();
            Path output = directory.resolve("broker.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), KafkaBrokerMain.class.getName(), config.toString()))
                    .redirectErrorStream(true)
                    .start();
            awaitReady(output);
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka broker did not start", e);
        }
    }

    /** Orderly stop, as an operator would do it. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Abrupt end, as a crash. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private Path writeConfig() throws IOException {
        Path logs = directory.resolve("logs");
        Path config = directory.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(config)) {
            out.write(String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@localhost:" + controllerPort,
                    "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://localhost:" + port,
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "log.dirs=" + logs.toAbsolutePath(),
                    "num.partitions=3",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "group.initial.rebalance.delay.ms=0",
                    // every topic keeps its events; projections are rebuilt from offset zero
                    "log.retention.ms=-1",
                    "auto.create.topics.enable=true",
                    ""));
        }
        return config;
    }

    /** Copies the broker's output to its log file and returns once the broker said it is ready. */
    private void awaitReady(Path output) throws IOException {
        CountDownLatch ready = new CountDownLatch(1);
        Process child = process;
        Writer log = Files.newBufferedWriter(output, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                 log) {
                String line;
                while ((line = in.readLine()) != null) {
                    log.write(line);
                    log.write('\n');
                    log.flush();
                    if (line.contains("KAFKA-READY")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the broker went away; isRunning() tells
            } finally {
                // end of output: ready or not, stop waiting (a broker that died never says ready)
                ready.countDown();
            }
        }, "kafka-broker-output");
        pump.setDaemon(true);
        pump.start();
        try {
            if (!ready.await(90, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new IllegalStateException("Kafka broker not ready within 90 s, see " + output);
            }
            if (!child.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + child.exitValue() + ", see " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }
}
