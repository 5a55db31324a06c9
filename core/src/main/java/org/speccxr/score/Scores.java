package org.speccxr.score;

import java.util.List;

/**
 * The scores of a whole evaluation: per model (in order of first appearance) and per report.
 *
 * @param reports   per report, grouped by model; empty from a {@link ScoreAccumulator} that does not keep them
 * @param intervals bootstrap confidence intervals of the scores, or null when none were computed
 */
public record Scores(List<ModelScores> models, List<ReportScore> reports, ScoreIntervals intervals) {
    public Scores {
        models = List.copyOf(models);
        reports = List.copyOf(reports);
    }

    public Scores(List<ModelScores> models, List<ReportScore> reports) {
        this(models, reports, null);
    }

    public Scores withIntervals(ScoreIntervals intervals) {
        return new Scores(models, reports, intervals);
    }
}
