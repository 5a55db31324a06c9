package org.speccxr.stats;

import org.speccxr.score.Interval;

import java.util.Arrays;

/** Percentile intervals from bootstrap replicates. */
public final class Quantiles {
    private Quantiles() {
    }

    /**
     * The quantile {@code p} of sorted values by linear interpolation between order statistics (Hyndman and Fan's
     * type 7, the default of R and NumPy).
     */
    public static double quantile(double[] sorted, int n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * The central {@code level} percentile interval of {@code values[from .. from+len)}, ignoring NaN (replicates
     * where the score is undefined); null when fewer than two replicates define it.
     *
     * @param scratch a buffer of at least {@code len}
     */
    public static Interval percentile(double[] values, int from, int len, double level, double[] scratch) {
        int n = 0;
        for (int i = from; i < from + len; i++) {
            double v = values[i];
            if (!Double.isNaN(v)) {
                scratch[n++] = v;
            }
        }
        if (n < 2) {
            return null;
        }
        Arrays.sort(scratch, 0, n);
        double a = (1 - level) / 2;
        return new Interval(quantile(scratch, n, a), quantile(scratch, n, 1 - a));
    }

    public static Interval percentile(double[] values, double level) {
        return percentile(values, 0, values.length, level, new double[values.length]);
    }
}
