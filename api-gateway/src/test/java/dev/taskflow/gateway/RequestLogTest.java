package dev.taskflow.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The gateway's memory of recent requests stays bounded and answers oldest first. */
class RequestLogTest {

    private static RequestLog.Entry entry(String correlationId, String path) {
        return new RequestLog.Entry(correlationId, "r", "t", "GET", path, 200, Instant.EPOCH, 1, "route", "svc", "svc");
    }

    @Test
    void findsTheRequestsOfACorrelationIdOldestFirst() {
        RequestLog log = new RequestLog(10);
        log.add(entry("a", "/1"));
        log.add(entry("b", "/2"));
        log.add(entry("a", "/3"));

        assertThat(log.find("a")).extracting(RequestLog.Entry::path).containsExactly("/1", "/3");
        assertThat(log.find("c")).isEmpty();
    }

    @Test
    void theOldestMakeRoomOnceItIsFull() {
        RequestLog log = new RequestLog(3);
        for (int i = 1; i <= 7; i++) {
            log.add(entry("a", "/" + i));
        }

        assertThat(log.find("a")).extracting(RequestLog.Entry::path).containsExactly("/5", "/6", "/7");
    }
}
