package dev.taskflow.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded platform's mail sink: a GreenMail SMTP server on the loopback interface that accepts every
 * mail for any address and keeps it in memory (until the platform stops), so notification emails can be
 * looked at without a mail server:
 * <ul>
 *   <li>a log line {@code Mail caught: to=… subject=…} for every mail;</li>
 *   <li>{@code http://localhost:<MAIL_PORT>/} lists the caught mails as plain text (newest last), and
 *       {@code /messages} as JSON ({@code [{index, messageId, deliveryId, from, to, subject, sentAt, text}]});</li>
 *   <li>tests read them directly ({@link #messages()}).</li>
 * </ul>
 */
public final class MailCatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MailCatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GreenMail smtp;
    private final int smtpPort;
    private final HttpServer view;
    private final ScheduledExecutorService announcer;
    private int announced;

    private MailCatcher(GreenMail smtp, int smtpPort, HttpServer view) {
        this.smtp = smtp;
        this.smtpPort = smtpPort;
        this.view = view;
        this.announcer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mail-catcher");
            thread.setDaemon(true);
            return thread;
        });
        announcer.scheduleWithFixedDelay(this::announce, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Starts the SMTP server and the HTTP view; port 0 means any free port. */
    static MailCatcher start(int smtpPort, int viewPort) {
        int port = smtpPort == 0 ? freePort() : smtpPort;
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        HttpServer view;
        try {
            view = HttpServer.create(new InetSocketAddress("127.0.0.1", viewPort), 0);
        } catch (IOException e) {
            smtp.stop();
            throw new UncheckedIOException("the mail view cannot listen on port " + viewPort, e);
        }
        MailCatcher catcher = new MailCatcher(smtp, port, view);
        view.createContext("/messages", exchange -> catcher.answer(exchange, "application/json", catcher.json()));
        view.createContext("/", exchange -> catcher.answer(exchange, "text/plain; charset=utf-8", catcher.text()));
        view.start();
        return catcher;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public String viewUrl() {
        return "http://localhost:" + view.getAddress().getPort() + "/";
    }

    /** Every mail caught so far, oldest first. */
    public List<MimeMessage> messages() {
        return List.of(smtp.getReceivedMessages());
    }

    private void announce() {
        try {
            MimeMessage[] messages = smtp.getReceivedMessages();
            for (int i = announced; i < messages.length; i++) {
                MimeMessage message = messages[i];
                log.info("Mail caught: to={} subject=\"{}\" (all caught mail: {})", recipients(message),
                        message.getSubject(), viewUrl());
            }
            announced = messages.length;
        } catch (MessagingException | RuntimeException e) {
            log.warn("Could not read a caught mail: {}", e.toString());
        }
    }

    private String text() {
        StringBuilder out = new StringBuilder();
        MimeMessage[] messages = smtp.getReceivedMessages();
        out.append(messages.length).append(" mail(s) caught by the embedded platform's SMTP server on port ")
                .append(smtpPort).append(" (JSON: /messages)\n");
        for (int i = 0; i < messages.length; i++) {
            MimeMessage message = messages[i];
            try {
                out.append("\n=== #").append(i + 1).append("  ").append(message.getSentDate()).append('\n')
                        .append("From:    ").append(addresses(message.getFrom())).append('\n')
                        .append("To:      ").append(recipients(message)).append('\n')
                        .append("Subject: ").append(message.getSubject()).append("\n\n")
                        .append(GreenMailUtil.getBody(message).trim()).append('\n');
            } catch (MessagingException e) {
                out.append("(unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        return out.toString();
    }

    private String json() {
        ArrayNode list = JSON.createArrayNode();
        MimeMessage[] messages = smtp.getReceivedMessages();
        for (int i = 0; i < messages.length; i++) {
            MimeMessage message = messages[i];
            ObjectNode mail = list.addObject();
            mail.put("index", i + 1);
            try {
                mail.put("messageId", message.getMessageID());
                String[] delivery = message.getHeader("X-Taskflow-Delivery");
                mail.put("deliveryId", delivery == null ? null : delivery[0]);
                mail.put("from", addresses(message.getFrom()));
                mail.put("to", recipients(message));
                mail.put("subject", message.getSubject());
                mail.put("sentAt", message.getSentDate() == null ? null : message.getSentDate().toInstant().toString());
                mail.put("text", GreenMailUtil.getBody(message));
            } catch (MessagingException e) {
                mail.put("error", e.getMessage());
            }
        }
        return list.toPrettyString();
    }

    private void answer(HttpExchange exchange, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String recipients(MimeMessage message) throws MessagingException {
        return addresses(message.getAllRecipients());
    }

    private static String addresses(Address[] addresses) {
        return addresses == null ? "" : Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        announcer.shutdownNow();
        view.stop(0);
        smtp.stop();
    }
}
