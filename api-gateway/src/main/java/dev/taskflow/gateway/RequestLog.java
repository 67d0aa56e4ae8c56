package dev.taskflow.gateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The last {@code request-log-size} requests this gateway instance routed, in memory, for
 * {@code GET /admin/requests/{correlationId}}. A ring: the oldest entry makes room for the newest, so memory
 * stays bounded whatever the traffic. Lost on restart and not shared between instances; the logs (the
 * "Request routed" line) are the lasting record.
 */
@Component
class RequestLog {

    /**
     * One request as the edge saw it.
     *
     * @param status  the answer's status, {@code null} when the client went away before one was set
     * @param route   the gateway route that matched, {@code null} when none did
     * @param service    the service the route leads to, {@code null} for a route the gateway answers itself
     * @param answeredBy the service whose answer the client got, or {@value #GATEWAY} when the gateway answered
     *                   (refused the token, found the service down or its breaker open, or answers the path itself)
     */
    record Entry(String correlationId, String requestId, String traceId, String method, String path, Integer status,
                 Instant startedAt, long durationMs, String route, String service, String answeredBy) {
    }

    static final String GATEWAY = "gateway";

    private final Entry[] ring;
    private int next;
    private long written;

    @Autowired
    RequestLog(AdminProperties admin) {
        this(admin.requestLogSize());
    }

    RequestLog(int capacity) {
        this.ring = new Entry[capacity];
    }

    // a lock held for an array store: far cheaper than the request it records, even under load
    synchronized void add(Entry entry) {
        ring[next] = entry;
        next = (next + 1) % ring.length;
        written++;
    }

    /** The remembered requests with this correlation id, oldest first. */
    synchronized List<Entry> find(String correlationId) {
        List<Entry> found = new ArrayList<>();
        int size = (int) Math.min(written, ring.length);
        for (int i = 0; i < size; i++) {
            Entry entry = ring[Math.floorMod(next - size + i, ring.length)];
            if (entry.correlationId().equals(correlationId)) {
                found.add(entry);
            }
        }
        return found;
    }
}
