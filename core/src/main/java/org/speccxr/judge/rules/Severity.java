package org.speccxr.judge.rules;

/**
 * A severity range on the 1..4 scale: {@code lo == hi} for one stated level, {@code hi = lo + 1} for "mild to
 * moderate". A value, so a mention can hand out the rule set's own instance without anyone changing it.
 */
public record Severity(int lo, int hi) {
    public Severity {
        if (lo > hi) {
            throw new IllegalArgumentException("severity range " + lo + ".." + hi);
        }
    }

    /** The smallest range holding both. */
    public Severity span(Severity o) {
        return new Severity(Math.min(lo, o.lo), Math.max(hi, o.hi));
    }

    public boolean overlaps(Severity o) {
        return lo <= o.hi && o.lo <= hi;
    }
}
