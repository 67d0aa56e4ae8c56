package dev.taskflow.platform;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Backend services run in a JVM of their own, started from the test's class path with the command lines
 * the platform gave them, so that a test can kill that process outright ({@code SIGKILL}): no shutdown
 * hook, no transaction finished, connections simply dropped.
 */
final class ServiceProcess implements AutoCloseable {

    private static final String SERVICE = "--service=";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final List<Integer> ports;

    private ServiceProcess(Process process, List<Integer> ports) {
        this.process = process;
        this.ports = ports;
    }

    /**
     * Starts the services (each with its command line) in one new JVM and waits until every one answers
     * its health endpoint. Output goes to {@code log}.
     */
    static ServiceProcess start(Map<String, List<String>> commandLines, Path log, Duration patience) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // about 200 MB of heap per Boot + Axon service, never less than three of them had
                "-Xmx" + Math.max(768, 200 * commandLines.size()) + "m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                ServiceProcess.class.getName()));
        List<Integer> ports = new ArrayList<>();
        String credentialArgument = "--" + Platform.SERVICE_CREDENTIAL_PROPERTY + "=";
        Map<String, String> environment = new HashMap<>();
        commandLines.forEach((service, args) -> {
            command.add(SERVICE + service);
            // the secret goes by environment (which every service's yml reads), not where ps shows it
            args.stream().filter(a -> a.startsWith(credentialArgument)).forEach(a ->
                    environment.put("TASKFLOW_SERVICE_CREDENTIAL", a.substring(credentialArgument.length())));
            args.stream().filter(a -> !a.startsWith(credentialArgument)).forEach(command::add);
            args.stream().filter(a -> a.startsWith("--server.port="))
                    .forEach(a -> ports.add(Integer.parseInt(a.substring("--server.port=".length()))));
        });
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        ServiceProcess started = new ServiceProcess(process, ports);
        try {
            await().atMost(patience).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service JVM exited with " + process.exitValue() + ", see " + log);
                }
                return ports.stream().allMatch(ServiceProcess::healthy);
            });
        } catch (RuntimeException e) {
            started.kill();
            throw e;
        }
        return started;
    }

    /** Kills the JVM as {@code kill -9} would, and waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the service JVM did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static boolean healthy(int port) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The child JVM: {@code --service=<name> <args…> --service=<name> <args…>}. */
    public static void main(String[] args) {
        Platform.prepareJvm();
        String service = null;
        List<String> serviceArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith(SERVICE)) {
                run(service, serviceArgs);
                service = arg.substring(SERVICE.length());
                serviceArgs = new ArrayList<>();
            } else {
                serviceArgs.add(arg);
            }
        }
        run(service, serviceArgs);
    }

    private static void run(String service, List<String> args) {
        if (service == null) {
            return;
        }
        ServiceSpec spec = Services.BACKENDS.stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow();
        Platform.run(spec, args);
    }
}
