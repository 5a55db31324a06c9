package org.speccxr.score;

/**
 * Confusion counts and attribute tallies for one entity (or a pooled group) of one model; a value. Attribute
 * tallies only see TP entries, because the normaliser resets the attributes of all others. Built from a tally row
 * ({@link Tally}); the metrics are {@link Metrics}' with null for undefined.
 */
public record Counts(long tp, long fp, long fn, long tn, long locationAligned, long locationNotAligned,
                     long severityAligned, long severityNotAligned, long comparisonOther, long comparisonAdding,
                     long comparisonMissing) {

    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The {@link Tally#K} counters of a tally row starting at {@code base}. */
    public static Counts of(long[] row, int base) {
        return new Counts(row[base + Tally.TP], row[base + Tally.FP], row[base + Tally.FN], row[base + Tally.TN],
                row[base + Tally.LOC_ALIGNED], row[base + Tally.LOC_NOT_ALIGNED], row[base + Tally.SEV_ALIGNED],
                row[base + Tally.SEV_NOT_ALIGNED], row[base + Tally.CMP_OTHER], row[base + Tally.CMP_ADDING],
                row[base + Tally.CMP_MISSING]);
    }

    /** Presence F1 = 2TP / (2TP + FP + FN); null when the entity never appeared on either side. */
    public Double f1() {
        return Metrics.orNull(Metrics.f1(tp, fp, fn));
    }

    /** aligned / (aligned + not-aligned) over TP entries; null when no TP entry had a judged location. */
    public Double locationAccuracy() {
        return Metrics.orNull(Metrics.accuracy(locationAligned, locationNotAligned));
    }

    public Double severityAccuracy() {
        return Metrics.orNull(Metrics.accuracy(severityAligned, severityNotAligned));
    }

    /** other / TP: the share of TP entries with no comparison error; null when there is no TP. */
    public Double comparisonAccuracy() {
        return Metrics.orNull(Metrics.comparisonAccuracy(comparisonOther, tp));
    }

    /** Positives in the reference (TP + FN): the support a score rests on. */
    public long support() {
        return tp + fn;
    }

    public long locationN() {
        return locationAligned + locationNotAligned;
    }

    public long severityN() {
        return severityAligned + severityNotAligned;
    }
}
