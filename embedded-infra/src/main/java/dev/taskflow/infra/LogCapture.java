package dev.taskflow.infra;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** Collects what one logger writes (from any thread), with the key-values of SLF4J's fluent API. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final ConcurrentLinkedQueue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
    private final Logger logger;

    private LogCapture(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
    }

    public static LogCapture of(Class<?> loggerOf) {
        return of(loggerOf.getName());
    }

    public static LogCapture of(String loggerName) {
        LogCapture capture = new LogCapture(loggerName);
        capture.setContext(capture.logger.getLoggerContext());
        capture.start();
        capture.logger.addAppender(capture);
        return capture;
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
    }

    /** Key-values of the events whose key-value {@code key} equals {@code value}. */
    public List<Map<String, String>> keyValuesWhere(String key, String value) {
        return events.stream()
                .map(LogCapture::keyValues)
                .filter(kv -> Objects.equals(kv.get(key), value))
                .toList();
    }

    /** The formatted messages of the events whose key-value {@code key} equals {@code value}. */
    public List<String> messagesWhere(String key, String value) {
        return events.stream()
                .filter(e -> Objects.equals(keyValues(e).get(key), value))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** The formatted messages that contain {@code text}. */
    public List<String> messagesContaining(String text) {
        return events.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(text)).toList();
    }

    private static Map<String, String> keyValues(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs == null) {
            return Map.of();
        }
        return pairs.stream().filter(p -> p.value != null)
                .collect(Collectors.toMap(p -> p.key, p -> String.valueOf(p.value), (a, b) -> b));
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
