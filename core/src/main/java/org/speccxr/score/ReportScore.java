package org.speccxr.score;

import org.speccxr.entity.EntitySet;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.ErrorBreakdown;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.List;

/**
 * Report-level score of one pair in one run.
 *
 * @param weightedErrors errors weighted by each entity's clinical weight (equal to the count when all weights are 1)
 */
public record ReportScore(String id, String model, int run, ErrorBreakdown errors, double weightedErrors) {
    public int errorCount() {
        return errors.total();
    }

    /**
     * The score of one record on its own, as the accumulator scores it: a report_scores.csv line without keeping
     * anything.
     */
    public static ReportScore of(VerdictRecord r, EntitySet set) {
        r = VerdictNormalizer.normalized(r, set);
        return of(r.id(), r.model(), r.run(), r.entities(), set);
    }

    static ReportScore of(String id, String model, int run, List<EntityVerdict> entities, EntitySet set) {
        return new ReportScore(id, model, run, ErrorBreakdown.of(entities), weightedErrors(entities, set));
    }

    /** Each error counts its entity's clinical weight. */
    static double weightedErrors(List<EntityVerdict> entities, EntitySet set) {
        double sum = 0;
        for (EntityVerdict v : entities) {
            sum += ErrorBreakdown.errorsOf(v) * set.get(v.entity()).weight();
        }
        return sum;
    }
}
