package dev.taskflow.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server standing in for a downstream service; it records every request it receives. It
 * can be stopped (the port is really closed: connections are refused) and started again on the same
 * port, keeping its recordings, like a service that crashed and came back.
 */
final class StubService implements AutoCloseable {

    /** What the gateway under test is configured to send as X-Service-Credential (32 characters or more). */
    static final String SERVICE_CREDENTIAL = "test-service-credential-0123456789abcdef";

    record Recorded(String method, String path, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        List<String> headerValues(String name) {
            return headers.getOrDefault(name, List.of());
        }
    }

    record Answer(int status, String contentType, String body) {

        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body);
        }
    }

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Recorded> received = new CopyOnWriteArrayList<>();
    private final String name;
    private final Function<Recorded, Answer> behaviour;
    private final int port;
    private HttpServer server;

    StubService(String name, Function<Recorded, Answer> behaviour) {
        this.name = name;
        this.behaviour = behaviour;
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    private HttpServer listen(int port) {
        HttpServer created;
        try {
            // the JDK binds with SO_REUSEADDR, so a port just closed can be bound again at once
            created = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on port " + port, e);
        }
        created.createContext("/", exchange -> handle(exchange, behaviour));
        // several threads: a deliberately slow answer must not hold up the other tests' requests
        created.setExecutor(executor);
        created.start();
        return created;
    }

    /** The service goes down: the listening socket is closed, new connections are refused. */
    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** The service comes back on the same port (same {@link #uri()}), with its recordings kept. */
    synchronized void start() {
        if (server == null) {
            server = listen(port);
        }
    }

    private void handle(HttpExchange exchange, Function<Recorded, Answer> behaviour) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((key, values) -> headers.put(key, new ArrayList<>(values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body);
        received.add(request);
        Answer answer = behaviour.apply(request);
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.getResponseHeaders().set("X-Served-By", name);
        if (request.header("X-Correlation-ID") != null) {
            // like service-support does: the gateway must not answer with the header twice
            exchange.getResponseHeaders().set("X-Correlation-ID", request.header("X-Correlation-ID"));
        }
        // The JDK server picks up a request on a reused keep-alive connection only on its next
        // selector round (up to a second later), which would look like a slow service.
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    String name() {
        return name;
    }

    String uri() {
        return "http://127.0.0.1:" + port;
    }

    List<Recorded> received() {
        return List.copyOf(received);
    }

    /** Requests that belong to one test: each test sends its own correlation id or token. */
    List<Recorded> receivedWithHeader(String header, String value) {
        return received.stream().filter(r -> value.equals(r.header(header))).toList();
    }

    /** Requests under a path prefix, e.g. the forwarded ones as opposed to the gateway's health probes. */
    List<Recorded> receivedUnder(String pathPrefix) {
        return received.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
    }

    /** An address where nothing listens: the port was free a moment ago and is closed again. */
    static String deadAddress() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
