package org.speccxr.score;

import java.util.List;

/**
 * Everything scored for one model.
 *
 * @param pairs          distinct pair ids judged for this model
 * @param runs           run numbers seen
 * @param macro          macro averages over entities, counts pooled over runs
 * @param macroByRun     the same per run (in run order), for means and standard deviations over runs
 * @param meanErrorCount mean report-level error count over all pairs and runs
 */
public record ModelScores(String model, int pairs, List<Integer> runs, List<EntityScore> entities, List<GroupScore> groups,
                          Counts totals, Macro macro, List<Macro> macroByRun, double meanErrorCount,
                          double meanWeightedErrors, int warnings) {
    public ModelScores {
        runs = List.copyOf(runs);
        entities = List.copyOf(entities);
        groups = List.copyOf(groups);
        macroByRun = List.copyOf(macroByRun);
    }
}
