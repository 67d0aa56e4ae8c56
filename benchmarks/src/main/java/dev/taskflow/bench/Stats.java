package dev.taskflow.bench;

import java.util.Arrays;

final class Stats {

    private Stats() {
    }

    /** Nearest-rank percentile of sorted values; NaN when there are none. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    static double percentileOf(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return percentile(sorted, p);
    }
}
