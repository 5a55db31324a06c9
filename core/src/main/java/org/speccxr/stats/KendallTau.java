package org.speccxr.stats;

import org.hipparchus.stat.correlation.KendallsCorrelation;

/** Kendall's tau-b (ties handled in both variables), as used by the paper to compare with radiologists. */
public final class KendallTau {
    private KendallTau() {
    }

    /** tau-b, or NaN when fewer than two pairs or when either variable is constant. */
    public static double tauB(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length");
        }
        if (x.length < 2 || constant(x) || constant(y)) {
            return Double.NaN;
        }
        return new KendallsCorrelation().correlation(x, y);
    }

    private static boolean constant(double[] v) {
        for (double d : v) {
            if (d != v[0]) {
                return false;
            }
        }
        return true;
    }
}
