package org.speccxr.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down correction (Holm 1979) of a family of p-values: sort ascending, multiply the i-th smallest
 * (1-based) by {@code m - i + 1}, make the sequence non-decreasing, cap at 1. Rejecting where the adjusted p-value is
 * below alpha controls the family-wise error rate at alpha, uniformly more powerful than Bonferroni.
 */
public final class Holm {
    private Holm() {
    }

    /** Adjusted p-values in the input order. */
    public static double[] adjust(double[] p) {
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] out = new double[m];
        double running = 0;
        for (int k = 0; k < m; k++) {
            int i = order[k];
            running = Math.max(running, Math.min(1, (m - k) * p[i]));
            out[i] = running;
        }
        return out;
    }
}
