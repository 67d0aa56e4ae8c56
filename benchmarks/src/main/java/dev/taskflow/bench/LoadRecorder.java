package dev.taskflow.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every task creation of a load phase as the client saw it, and per-second figures of them. */
final class LoadRecorder {

    /** @param tenant index into the phase's tenants; taskId null unless 201 */
    record Request(long endMillis, long latencyMillis, int status, int tenant, String taskId, String correlationId) {
        boolean created() {
            return status == 201;
        }
    }

    record Second(long epochSecond, int requests, int created, double p50Millis, double p99Millis) {
    }

    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();

    void record(Request request) {
        requests.add(request);
    }

    List<Request> all() {
        List<Request> list = new ArrayList<>(requests);
        list.sort(Comparator.comparingLong(Request::endMillis));
        return list;
    }

    /** When the first request was sent (its answer's time less its latency), or {@code fallback} if none. */
    long startMillis(long fallback) {
        return requests.stream().mapToLong(r -> r.endMillis() - Math.max(0, r.latencyMillis())).min().orElse(fallback);
    }

    long endMillis(long fallback) {
        return requests.stream().mapToLong(Request::endMillis).max().orElse(fallback);
    }

    long created() {
        return requests.stream().filter(Request::created).count();
    }

    long failed() {
        return requests.stream().filter(r -> !r.created()).count();
    }

    /** 201s per second between the first and the last answer. */
    double createdPerSecond() {
        List<Request> list = all();
        if (list.size() < 2) {
            return 0;
        }
        double seconds = (list.get(list.size() - 1).endMillis() - list.get(0).endMillis()) / 1000.0;
        return seconds <= 0 ? 0 : created() / seconds;
    }

    Map<Integer, Long> statusCounts() {
        Map<Integer, Long> counts = new TreeMap<>();
        requests.forEach(r -> counts.merge(r.status(), 1L, Long::sum));
        return counts;
    }

    List<Second> perSecond() {
        Map<Long, List<Request>> bySecond = new TreeMap<>();
        for (Request r : requests) {
            bySecond.computeIfAbsent(r.endMillis() / 1000, k -> new ArrayList<>()).add(r);
        }
        List<Second> seconds = new ArrayList<>();
        bySecond.forEach((second, list) -> {
            double[] latencies = list.stream().mapToDouble(Request::latencyMillis).sorted().toArray();
            seconds.add(new Second(second, list.size(), (int) list.stream().filter(Request::created).count(),
                    Stats.percentile(latencies, 50), Stats.percentile(latencies, 99)));
        });
        return seconds;
    }

    double latencyPercentile(double p) {
        return Stats.percentile(requests.stream().mapToDouble(Request::latencyMillis).sorted().toArray(), p);
    }
}
