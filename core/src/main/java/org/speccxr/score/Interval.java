package org.speccxr.score;

/**
 * A confidence interval {@code [lo, hi]} for one score. Where a score has no interval (undefined on the data, or the
 * bootstrap was turned off) the owner holds {@code null} instead of an Interval.
 */
public record Interval(double lo, double hi) {
    public Interval {
        if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
            throw new IllegalArgumentException("bad interval [" + lo + ", " + hi + "]");
        }
    }

    public boolean contains(double v) {
        return v >= lo && v <= hi;
    }

    public double width() {
        return hi - lo;
    }
}
