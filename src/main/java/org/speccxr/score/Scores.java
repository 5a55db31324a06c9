package org.speccxr.score;

import java.util.List;

/** The scores of a whole evaluation: per model (in order of first appearance) and per report. */
public record Scores(List<ModelScores> models, List<ReportScore> reports) {
}
