package org.speccxr.score;

import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.ErrorBreakdown;
import org.speccxr.verdict.Presence;

/**
 * The one definition of what a verdict counts. A tally row holds {@link #K} counters per entity, at
 * {@code entity * K + slot}; a verdict is first reduced to a small {@link #code} (its presence and attributes), and
 * the code says which slots it adds one to and how many errors it is. The scorer's {@link Counts}, the
 * accumulator's per-reference tallies and the bootstrap all count through here.
 *
 * <p>Attributes are only tallied on TP entries (the normaliser resets them on all others), so nothing is counted
 * twice: an FN is one error, not also a location error.
 */
public final class Tally {
    public static final int TP = 0, FP = 1, FN = 2, TN = 3, LOC_ALIGNED = 4, LOC_NOT_ALIGNED = 5, SEV_ALIGNED = 6,
            SEV_NOT_ALIGNED = 7, CMP_OTHER = 8, CMP_ADDING = 9, CMP_MISSING = 10;
    /** Counters per entity. */
    public static final int K = 11;
    /** Codes run from 0 to CODES - 1. */
    public static final int CODES = 4 * 3 * 3 * 3;

    private static final int[][] SLOTS = new int[CODES][];
    private static final int[] ERRORS = new int[CODES];

    static {
        for (Presence p : Presence.values()) {
            for (Alignment loc : Alignment.values()) {
                for (Alignment sev : Alignment.values()) {
                    for (Comparison cmp : Comparison.values()) {
                        EntityVerdict v = new EntityVerdict("x", p, loc, sev, cmp);
                        int code = code(v);
                        SLOTS[code] = slotsOf(v);
                        ERRORS[code] = ErrorBreakdown.errorsOf(v);
                    }
                }
            }
        }
    }

    private Tally() {
    }

    /** A verdict's presence and attributes as one number in {@code [0, CODES)}. */
    public static int code(EntityVerdict v) {
        return ((v.presence().ordinal() * 3 + v.location().ordinal()) * 3 + v.severity().ordinal()) * 3
                + v.comparison().ordinal();
    }

    public static Presence presence(int code) {
        return Presence.values()[code / 27];
    }

    /** Errors the verdict is in the report-level count ({@link ErrorBreakdown#errorsOf}). */
    public static int errors(int code) {
        return ERRORS[code];
    }

    /** Adds the verdict with this code to the row's counters of the entity whose first counter is {@code base}. */
    public static void add(long[] row, int base, int code) {
        for (int s : SLOTS[code]) {
            row[base + s]++;
        }
    }

    /** The same, for a row of doubles (the bootstrap's, whose sums may be averages over runs). */
    public static void add(double[] row, int base, int code) {
        for (int s : SLOTS[code]) {
            row[base + s]++;
        }
    }

    private static int[] slotsOf(EntityVerdict v) {
        return switch (v.presence()) {
            case TP -> {
                int[] s = new int[4];
                int n = 0;
                s[n++] = TP;
                if (v.location() == Alignment.ALIGNED) {
                    s[n++] = LOC_ALIGNED;
                } else if (v.location() == Alignment.NOT_ALIGNED) {
                    s[n++] = LOC_NOT_ALIGNED;
                }
                if (v.severity() == Alignment.ALIGNED) {
                    s[n++] = SEV_ALIGNED;
                } else if (v.severity() == Alignment.NOT_ALIGNED) {
                    s[n++] = SEV_NOT_ALIGNED;
                }
                s[n++] = switch (v.comparison()) {
                    case OTHER -> CMP_OTHER;
                    case ADDING_UNMENTIONED -> CMP_ADDING;
                    case MISSING_MENTIONED -> CMP_MISSING;
                };
                yield java.util.Arrays.copyOf(s, n);
            }
            case FP -> new int[]{FP};
            case FN -> new int[]{FN};
            case TN -> new int[]{TN};
        };
    }
}
