package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Oversized requests at the edge, sent over raw sockets so that nothing between the test and the gateway
 * tidies them up: a header section over the limit (431 problem+json; past the decoder's own, larger limit a bare 431
 * from Reactor Netty's codec), a request line
 * over the limit (414), a body over {@code max-body-size} with a Content-Length and chunked (413
 * problem+json). None of them reaches the service. The header limit is the gateway's default (16KB); the
 * body limit is set low here to keep the test's bodies small.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=api-gateway",
        "taskflow.security.service-credential=" + StubService.SERVICE_CREDENTIAL,
        "taskflow.gateway.auth.identity-timeout=10s",
        "taskflow.gateway.max-body-size=10KB"})
class EdgeLimitsIT {

    private static final int MAX_BODY = 10 * 1024;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)");

    static final StubService IDENTITY = new StubService("identity", request -> {
        String token = String.valueOf(request.header(HttpHeaders.AUTHORIZATION)).replaceFirst("^Bearer ", "");
        return token.startsWith("valid.")
                ? StubService.Answer.json(200, "{\"userId\":\"" + token.substring("valid.".length()) + "\"}")
                : new StubService.Answer(401, "application/problem+json", "{\"status\":401}");
    });
    static final StubService COMMAND_SIDE = new StubService("command-side",
            request -> StubService.Answer.json(201, "{\"servedBy\":\"command-side\"}"));
    static final StubService QUERY_SIDE = new StubService("query-side",
            request -> StubService.Answer.json(200, "{\"servedBy\":\"query-side\"}"));

    @DynamicPropertySource
    static void downstream(DynamicPropertyRegistry registry) {
        registry.add("taskflow.gateway.services.identity", IDENTITY::uri);
        registry.add("taskflow.gateway.services.command-side", COMMAND_SIDE::uri);
        registry.add("taskflow.gateway.services.query-side", QUERY_SIDE::uri);
    }

    @AfterAll
    static void stopStubs() {
        IDENTITY.close();
        COMMAND_SIDE.close();
        QUERY_SIDE.close();
    }

    @LocalServerPort
    int port;

    private static String newCorrelationId() {
        return "test-" + UUID.randomUUID();
    }

    private static String head(String requestLine, String correlationId, String... headers) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n")
                .append(EdgeHeaders.CORRELATION_ID).append(": ").append(correlationId).append("\r\n")
                .append("Authorization: Bearer valid.user-").append(UUID.randomUUID()).append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** Sends the head, then the body, and returns the gateway's answer: head and (Content-Length) body. */
    private String exchange(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readAnswer(socket.getInputStream());
        }
    }

    /** Up to the end of the answer's body, not of the connection: the gateway keeps connections open. */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        while (!answer.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("connection closed within the answer's head: " + answer);
            }
            answer.write(next);
        }
        Matcher length = CONTENT_LENGTH.matcher(answer.toString(StandardCharsets.US_ASCII));
        if (length.find()) {
            answer.write(in.readNBytes(Integer.parseInt(length.group(1))));
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    private static byte[] chunked(int totalBytes, int chunkSize) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int sent = 0; sent < totalBytes; sent += chunkSize) {
            int size = Math.min(chunkSize, totalBytes - sent);
            body.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes("x".repeat(size).getBytes(StandardCharsets.US_ASCII));
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private static String json(int bytes) {
        String prefix = "{\"title\":\"";
        return prefix + "x".repeat(bytes - prefix.length() - 2) + "\"}";
    }

    private static void assertProblem(String answer, int status, String correlationId) {
        assertThat(answer).startsWith("HTTP/1.1 " + status)
                .containsIgnoringCase("content-type: application/problem+json")
                .contains("\"status\":" + status)
                .contains("\"correlationId\":\"" + correlationId + "\"");
    }

    @Test
    void aHeaderSectionOverTheLimitIsA431ProblemAndNothingIsForwarded() throws IOException {
        // one huge header, and many ordinary ones that only together are too much: the limit is on the section
        String[][] oversized = {{"X-Padding: " + "p".repeat(17_000)}, manyHeaders(40, 500)};
        for (String[] headers : oversized) {
            String correlationId = newCorrelationId();

            String answer = exchange(head("GET /workflow/tasks HTTP/1.1", correlationId, headers), new byte[0]);

            assertProblem(answer, 431, correlationId);
            assertThat(answer).contains("more than the 16384 allowed");
            assertThat(QUERY_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
            assertThat(IDENTITY.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
        }
    }

    @Test
    void aHeaderSectionOverTheDecodersLimitIsABare431() throws IOException {
        String correlationId = newCorrelationId();

        String answer = exchange(head("GET /workflow/tasks HTTP/1.1", correlationId, "X-Padding: " + "p".repeat(70_000)),
                new byte[0]);

        // past server.max-http-request-header-size Reactor Netty's codec answers before any of the gateway's code runs
        assertThat(answer).startsWith("HTTP/1.1 431").containsIgnoringCase("connection: close");
        assertThat(QUERY_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
    }

    @Test
    void headersWithinTheLimitPass() throws IOException {
        String correlationId = newCorrelationId();

        String answer = exchange(head("GET /workflow/tasks HTTP/1.1", correlationId, 
                "X-Padding: " + "p".repeat(12_000)), new byte[0]);

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(QUERY_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).singleElement()
                .satisfies(forwarded -> assertThat(forwarded.header("X-Padding")).hasSize(12_000));
    }

    private static String[] manyHeaders(int count, int size) {
        String[] headers = new String[count];
        for (int i = 0; i < count; i++) {
            headers[i] = "X-Padding-" + i + ": " + "p".repeat(size);
        }
        return headers;
    }

    @Test
    void aRequestLineOverTheLimitIsA414() throws IOException {
        String correlationId = newCorrelationId();

        String answer = exchange(head("GET /workflow/tasks/" + "t".repeat(9_000) + " HTTP/1.1", correlationId),
                new byte[0]);

        assertThat(answer).startsWith("HTTP/1.1 414");
        assertThat(QUERY_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
    }

    @Test
    void aDeclaredBodyOverTheLimitIsA413AndNothingIsForwarded() throws IOException {
        String correlationId = newCorrelationId();
        String next = newCorrelationId();
        byte[] body = json(3 * MAX_BODY).getBytes(StandardCharsets.US_ASCII);

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head("POST /workflow/tasks HTTP/1.1", correlationId, "Content-Type: application/json",
                    "Content-Length: " + body.length).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // answered on the declared length alone, before the body is sent
            String answer = readAnswer(socket.getInputStream());
            assertProblem(answer, 413, correlationId);
            assertThat(answer).contains("\"title\":\"Payload too large\"");

            // the body sent anyway is read and dropped, and the connection serves the next request
            out.write(body);
            out.write(head("GET /workflow/tasks HTTP/1.1", next).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }

        assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
        assertThat(QUERY_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, next)).hasSize(1);
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413AndNothingIsForwarded() throws IOException {
        for (int size : new int[] {MAX_BODY + 1, 3 * MAX_BODY}) {
            String correlationId = newCorrelationId();

            String answer = exchange(head("POST /workflow/tasks HTTP/1.1", correlationId, "Content-Type: application/json",
                    "Transfer-Encoding: chunked"), chunked(size, 1000));

            assertProblem(answer, 413, correlationId);
            assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, correlationId)).isEmpty();
        }
    }

    @Test
    void bodiesWithinTheLimitAreForwardedWhole() throws IOException {
        String declared = newCorrelationId();
        byte[] body = json(MAX_BODY).getBytes(StandardCharsets.US_ASCII);
        String answer = exchange(head("POST /workflow/tasks HTTP/1.1", declared, 
                "Content-Type: application/json", "Content-Length: " + body.length), body);
        assertThat(answer).startsWith("HTTP/1.1 201");
        assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, declared)).singleElement()
                .satisfies(forwarded -> assertThat(forwarded.body()).isEqualTo(new String(body, StandardCharsets.US_ASCII)));

        // a chunked body of exactly the limit goes on in one piece, with its length now known
        String chunkedId = newCorrelationId();
        answer = exchange(head("POST /workflow/tasks HTTP/1.1", chunkedId, 
                "Content-Type: application/json", "Transfer-Encoding: chunked"), chunked(MAX_BODY, 1000));
        assertThat(answer).startsWith("HTTP/1.1 201");
        assertThat(COMMAND_SIDE.receivedWithHeader(EdgeHeaders.CORRELATION_ID, chunkedId)).singleElement()
                .satisfies(forwarded -> {
                    assertThat(forwarded.body()).isEqualTo("x".repeat(MAX_BODY));
                    assertThat(forwarded.header(HttpHeaders.CONTENT_LENGTH)).isEqualTo(Integer.toString(MAX_BODY));
                    assertThat(forwarded.header(HttpHeaders.TRANSFER_ENCODING)).isNull();
                });
    }
}
