package org.speccxr.score;

import org.speccxr.verdict.ErrorBreakdown;

/**
 * Report-level score of one pair in one run.
 *
 * @param weightedErrors errors weighted by each entity's clinical weight (equal to the count when all weights are 1)
 */
public record ReportScore(String id, String model, int run, ErrorBreakdown errors, double weightedErrors) {
    public int errorCount() {
        return errors.total();
    }
}
