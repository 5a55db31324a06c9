package org.speccxr.verdict;

import java.util.List;

/**
 * The report-level error count and its parts. {@code comparisonErrors} counts both adding-unmentioned and
 * missing-mentioned comparisons. Attributes are only ever set on TP entries (see {@link VerdictNormalizer}).
 */
public record ErrorBreakdown(int tp, int fp, int fn, int tn, int locationErrors, int severityErrors,
                             int comparisonErrors) {

    public int total() {
        return fp + fn + locationErrors + severityErrors + comparisonErrors;
    }

    /** The errors one entry contributes: FP or FN, plus not-aligned location and severity and a comparison error. */
    public static int errorsOf(EntityVerdict v) {
        int errors = v.presence() == Presence.FP || v.presence() == Presence.FN ? 1 : 0;
        if (v.location() == Alignment.NOT_ALIGNED) {
            errors++;
        }
        if (v.severity() == Alignment.NOT_ALIGNED) {
            errors++;
        }
        if (v.comparison().isError()) {
            errors++;
        }
        return errors;
    }

    public static ErrorBreakdown of(List<EntityVerdict> entities) {
        int tp = 0, fp = 0, fn = 0, tn = 0, loc = 0, sev = 0, cmp = 0;
        for (EntityVerdict v : entities) {
            switch (v.presence()) {
                case TP -> tp++;
                case FP -> fp++;
                case FN -> fn++;
                case TN -> tn++;
            }
            if (v.location() == Alignment.NOT_ALIGNED) {
                loc++;
            }
            if (v.severity() == Alignment.NOT_ALIGNED) {
                sev++;
            }
            if (v.comparison().isError()) {
                cmp++;
            }
        }
        return new ErrorBreakdown(tp, fp, fn, tn, loc, sev, cmp);
    }
}
