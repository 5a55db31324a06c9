package org.speccxr.score;

/**
 * The entity-level metrics as pure functions of tallied counts, used by the scorer ({@link Counts}) and the
 * bootstrap alike. NaN means undefined (the table's empty cell). Counts are doubles because the bootstrap adds
 * them up in floating point (and subtracts, in the permutation test), so a denominator within {@link #EPS} of 0
 * counts as 0; for whole counts that is exactly 0.
 */
public final class Metrics {
    static final double EPS = 1e-12;

    private Metrics() {
    }

    /** Presence F1 = 2TP / (2TP + FP + FN); NaN when the entity never appeared positive on either side. */
    public static double f1(double tp, double fp, double fn) {
        double d = 2 * tp + fp + fn;
        return d <= EPS ? Double.NaN : 2 * tp / d;
    }

    /** aligned / (aligned + not-aligned) over TP entries; NaN when no TP entry had the attribute judged. */
    public static double accuracy(double aligned, double notAligned) {
        double d = aligned + notAligned;
        return d <= EPS ? Double.NaN : aligned / d;
    }

    /** other / TP: the share of TP entries with no comparison error; NaN when there is no TP. */
    public static double comparisonAccuracy(double other, double tp) {
        return tp <= EPS ? Double.NaN : other / tp;
    }

    /** A mean per record (errors per report); NaN without records. */
    public static double mean(double sum, double records) {
        return records <= EPS ? Double.NaN : sum / records;
    }

    /** NaN as null, for results that say "undefined" with null. */
    public static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
