package dev.taskflow.platform;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Watches every log event of the JVM (all services of the embedded platform log through it) for texts that
 * must never be logged: credentials, and raw client input the edge is supposed to replace. While it watches,
 * the platform's own code logs at DEBUG, so that a secret in a debug line is found too.
 */
final class LeakDetector extends AppenderBase<ILoggingEvent> {

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private Level previous;

    static LeakDetector attach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LeakDetector detector = new LeakDetector();
        detector.setContext(context);
        detector.setName("leak-detector");
        detector.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(detector);
        Logger platform = context.getLogger("dev.taskflow");
        detector.previous = platform.getLevel();
        platform.setLevel(Level.DEBUG);
        return detector;
    }

    void detach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger("dev.taskflow").setLevel(previous);
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        stop();
    }

    /** From now on, a log event containing {@code text} is a leak. */
    void watchFor(String text) {
        secrets.add(text);
    }

    /** Each leak: the secret's first characters and the logger that logged it. */
    List<String> leaks() {
        return List.copyOf(leaks);
    }

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(String.valueOf(event.getFormattedMessage()));
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(pair -> text.append(' ').append(pair.key).append('=').append(pair.value));
        }
        event.getMDCPropertyMap().forEach((key, value) -> text.append(' ').append(key).append('=').append(value));
        for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
            text.append(' ').append(cause.getMessage());
        }
        String logged = text.toString();
        for (String secret : secrets) {
            if (logged.contains(secret)) {
                leaks.add(secret.substring(0, Math.min(12, secret.length())) + "... in " + event.getLoggerName()
                        + ": " + event.getLevel());
            }
        }
    }
}
