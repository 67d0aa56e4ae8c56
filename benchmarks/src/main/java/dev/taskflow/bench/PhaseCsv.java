package dev.taskflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** Per-second rows of a load phase: the client's view joined with the monitor's samples of the same second. */
final class PhaseCsv {

    static final String HEADER = "second,requests,created,p50_ms,p99_ms,max_consumer_lag,outbox_backlog,rss_mib,pss_mib";

    private PhaseCsv() {
    }

    static List<String> rows(long fromMillis, List<LoadRecorder.Second> seconds, List<Monitor.Sample> samples) {
        Map<Long, Monitor.Sample> bySecond = new TreeMap<>();
        samples.forEach(s -> bySecond.put(s.epochMillis() / 1000, s));
        Map<Long, LoadRecorder.Second> load = new TreeMap<>();
        seconds.forEach(s -> load.put(s.epochSecond(), s));
        TreeMap<Long, Boolean> all = new TreeMap<>();
        bySecond.keySet().forEach(k -> all.put(k, true));
        load.keySet().forEach(k -> all.put(k, true));
        List<String> rows = new ArrayList<>();
        for (long second : all.keySet()) {
            LoadRecorder.Second l = load.get(second);
            Monitor.Sample m = bySecond.get(second);
            rows.add(String.format("%d,%s,%s,%s,%s,%s,%s,%s,%s", second - fromMillis / 1000,
                    l == null ? "0" : l.requests(), l == null ? "0" : l.created(),
                    l == null ? "" : fmt(l.p50Millis()), l == null ? "" : fmt(l.p99Millis()),
                    m == null || m.lag().isEmpty() ? "" : m.maxLag(), m == null || m.outbox() < 0 ? "" : m.outbox(),
                    m == null ? "" : m.rssBytes() / (1024 * 1024), m == null ? "" : m.pssBytes() / (1024 * 1024)));
        }
        return rows;
    }

    static double[][] series(long fromMillis, List<LoadRecorder.Second> seconds, Function<LoadRecorder.Second, Double> y) {
        return seconds.stream().map(s -> new double[] {s.epochSecond() - fromMillis / 1000.0, y.apply(s)})
                .toArray(double[][]::new);
    }

    /** The monitor's samples as points; negative values (unknown) are left out. */
    static double[][] sampleSeries(long fromMillis, List<Monitor.Sample> samples, ToLongFunction<Monitor.Sample> y) {
        return samples.stream().filter(s -> y.applyAsLong(s) >= 0)
                .map(s -> new double[] {(s.epochMillis() - fromMillis) / 1000.0, y.applyAsLong(s)})
                .toArray(double[][]::new);
    }

    /** How far behind the platform is: the largest consumer lag or the outbox backlog; -1 when the lag is unknown. */
    static long behind(Monitor.Sample sample) {
        return sample.maxLag() < 0 ? -1 : Math.max(sample.maxLag(), sample.outbox());
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format("%.1f", v);
    }
}
