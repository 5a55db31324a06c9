package org.speccxr.score;

import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;

/**
 * Confusion counts and attribute tallies for one entity (or a pooled group) of one model. Attribute tallies only
 * see TP entries, because the normaliser resets the attributes of all others.
 */
public final class Counts {
    public long tp, fp, fn, tn;
    public long locationAligned, locationNotAligned;
    public long severityAligned, severityNotAligned;
    public long comparisonOther, comparisonAdding, comparisonMissing;

    public void add(EntityVerdict v) {
        switch (v.presence()) {
            case TP -> {
                tp++;
                tally(v);
            }
            case FP -> fp++;
            case FN -> fn++;
            case TN -> tn++;
        }
    }

    private void tally(EntityVerdict v) {
        if (v.location() == Alignment.ALIGNED) {
            locationAligned++;
        } else if (v.location() == Alignment.NOT_ALIGNED) {
            locationNotAligned++;
        }
        if (v.severity() == Alignment.ALIGNED) {
            severityAligned++;
        } else if (v.severity() == Alignment.NOT_ALIGNED) {
            severityNotAligned++;
        }
        if (v.comparison() == Comparison.OTHER) {
            comparisonOther++;
        } else if (v.comparison() == Comparison.ADDING_UNMENTIONED) {
            comparisonAdding++;
        } else {
            comparisonMissing++;
        }
    }

    public void addAll(Counts o) {
        tp += o.tp;
        fp += o.fp;
        fn += o.fn;
        tn += o.tn;
        locationAligned += o.locationAligned;
        locationNotAligned += o.locationNotAligned;
        severityAligned += o.severityAligned;
        severityNotAligned += o.severityNotAligned;
        comparisonOther += o.comparisonOther;
        comparisonAdding += o.comparisonAdding;
        comparisonMissing += o.comparisonMissing;
    }

    /** Presence F1 = 2TP / (2TP + FP + FN); null when the entity never appeared on either side. */
    public Double f1() {
        long d = 2 * tp + fp + fn;
        return d == 0 ? null : 2.0 * tp / d;
    }

    /** aligned / (aligned + not-aligned) over TP entries; null when no TP entry had a judged location. */
    public Double locationAccuracy() {
        long d = locationAligned + locationNotAligned;
        return d == 0 ? null : (double) locationAligned / d;
    }

    public Double severityAccuracy() {
        long d = severityAligned + severityNotAligned;
        return d == 0 ? null : (double) severityAligned / d;
    }

    /** other / TP: the share of TP entries with no comparison error; null when there is no TP. */
    public Double comparisonAccuracy() {
        return tp == 0 ? null : (double) comparisonOther / tp;
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
