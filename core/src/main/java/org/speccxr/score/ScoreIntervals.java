package org.speccxr.score;

import java.util.Map;

/**
 * Bootstrap confidence intervals for every score of an evaluation, computed by
 * {@link org.speccxr.stats.Bootstrap}. Attached to {@link Scores#intervals()} (null when the bootstrap was turned
 * off). Every interval is null where the score itself is undefined.
 *
 * @param resamples bootstrap resamples (B)
 * @param seed      random seed; the same records, B and seed give the same intervals
 * @param level     confidence level (0.95)
 * @param models    per model name, in the order of {@link Scores#models()}
 */
public record ScoreIntervals(int resamples, long seed, double level, Map<String, ModelIntervals> models) {

    /** The resampling unit, for display: all candidates and runs of one reference id move together. */
    public static final String UNIT = "id";
    /** The interval method, for display. */
    public static final String METHOD = "percentile";

    public ScoreIntervals {
        models = Map.copyOf(models);
    }

    /** Intervals of one model, or {@link ModelIntervals#NONE} for a model that has none. */
    public ModelIntervals model(String name) {
        return models.getOrDefault(name, ModelIntervals.NONE);
    }

    /** Intervals of the four entity-level metrics of one entity, one group or the macro averages. */
    public record MetricIntervals(Interval f1, Interval locationAccuracy, Interval severityAccuracy,
                                  Interval comparisonAccuracy) {
        public static final MetricIntervals NONE = new MetricIntervals(null, null, null, null);
    }

    /**
     * @param meanErrorCount     interval of the mean report-level error count
     * @param meanWeightedErrors interval of the mean clinically weighted error score
     * @param macro              intervals of the macro averages
     * @param entities           per entity id
     * @param groups             per group id
     */
    public record ModelIntervals(Interval meanErrorCount, Interval meanWeightedErrors, MetricIntervals macro,
                                 Map<String, MetricIntervals> entities, Map<String, MetricIntervals> groups) {
        public static final ModelIntervals NONE = new ModelIntervals(null, null, MetricIntervals.NONE, Map.of(), Map.of());

        public ModelIntervals {
            entities = Map.copyOf(entities);
            groups = Map.copyOf(groups);
        }

        public MetricIntervals entity(String id) {
            return entities.getOrDefault(id, MetricIntervals.NONE);
        }

        public MetricIntervals group(String id) {
            return groups.getOrDefault(id, MetricIntervals.NONE);
        }
    }
}
