package org.speccxr.stats;

import org.speccxr.entity.EntitySet;
import org.speccxr.score.Interval;
import org.speccxr.score.ReferenceTallies;
import org.speccxr.score.ScoreAccumulator;
import org.speccxr.score.Tally;
import org.speccxr.score.ScoreIntervals;
import org.speccxr.score.ScoreIntervals.MetricIntervals;
import org.speccxr.score.ScoreIntervals.ModelIntervals;
import org.speccxr.score.Scores;
import org.speccxr.verdict.VerdictRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cluster bootstrap confidence intervals for every score: each entity's F1 and attribute accuracies, each group's,
 * the macro averages, the mean error count and the mean weighted error score.
 *
 * <p>The resampling unit is the reference id: a replicate draws as many ids as there are, with replacement, and
 * takes every record of each drawn id (all models, all runs), so the dependence between a reference's candidates
 * and runs is kept. The same draws are used for every model, so intervals of different models come from the same
 * resampled reference sets. Each score is recomputed on the replicate exactly as the Scorer computes it; the
 * interval is the central percentile interval of the replicates that define the score (replicates where it is
 * undefined, e.g. an entity that was not drawn at all, are left out). It needs no records: it resamples the
 * per-reference tallies a {@link ScoreAccumulator} keeps.
 */
public final class Bootstrap {
    public static final int DEFAULT_RESAMPLES = 1000;
    public static final long DEFAULT_SEED = 42;
    public static final double LEVEL = 0.95;

    private Bootstrap() {
    }

    /** Scores with intervals attached, or the scores unchanged when {@code resamples} is 0. */
    public static Scores attach(Scores scores, List<VerdictRecord> records, EntitySet set, int resamples, long seed) {
        if (resamples <= 0) {
            return scores;
        }
        return scores.withIntervals(intervals(records, set, resamples, seed));
    }

    /** Scores with the intervals of the accumulator's records attached, or unchanged when {@code resamples} is 0. */
    public static Scores attach(Scores scores, ScoreAccumulator acc, int resamples, long seed) {
        if (resamples <= 0) {
            return scores;
        }
        return scores.withIntervals(intervals(acc, resamples, seed));
    }

    public static ScoreIntervals intervals(List<VerdictRecord> records, EntitySet set, int resamples, long seed) {
        ScoreAccumulator acc = new ScoreAccumulator(set);
        records.forEach(acc::add);
        return intervals(acc, resamples, seed);
    }

    /** Intervals of the records added to {@code acc} so far, from its per-reference tallies alone. */
    public static ScoreIntervals intervals(ScoreAccumulator acc, int resamples, long seed) {
        if (resamples < 2) {
            throw new IllegalArgumentException("need at least 2 resamples");
        }
        EntitySet set = acc.entitySet();
        ReferenceTallies data = acc.tallies();
        StatLayout layout = new StatLayout(set);
        double[][] reps = replicates(data, layout, resamples, seed);
        Map<String, ModelIntervals> out = new LinkedHashMap<>();
        double[] point = new double[layout.size];
        double[] scratch = new double[resamples];
        List<String> models = data.models();
        for (int m = 0; m < models.size(); m++) {
            layout.compute(data.totals(m), point, new double[Tally.K]);
            out.put(models.get(m), modelIntervals(reps[m], point, layout, set, resamples, scratch));
        }
        return new ScoreIntervals(resamples, seed, LEVEL, out);
    }

    /**
     * Replicate score vectors: {@code [model][stat * B + r]}.
     */
    static double[][] replicates(ReferenceTallies data, StatLayout layout, int b, long seed) {
        int models = data.models().size(), n = data.clusters();
        double[][] reps = new double[models][layout.size * b];
        Resampler rs = new Resampler(b, seed);
        ThreadLocal<Work> work = ThreadLocal.withInitial(() -> new Work(n, data.width(), layout.size));
        rs.forEach(r -> {
            Work w = work.get();
            Resampler.draw(rs.random(r), n, w.draws);
            // the same draws, counted per reference and then added in reference order: memory is read in sequence
            // instead of at random (the sums are of whole counts, so the order changes nothing)
            java.util.Arrays.fill(w.counts, 0);
            for (int i = 0; i < n; i++) {
                w.counts[w.draws[i]]++;
            }
            for (int m = 0; m < models; m++) {
                java.util.Arrays.fill(w.acc, 0);
                for (int c = 0; c < n; c++) {
                    for (int k = w.counts[c]; k > 0; k--) {
                        data.addTo(m, c, w.acc);
                    }
                }
                layout.compute(w.acc, w.stats, w.scratch);
                double[] target = reps[m];
                for (int s = 0; s < layout.size; s++) {
                    target[s * b + r] = w.stats[s];
                }
            }
        });
        return reps;
    }

    private static final class Work {
        final int[] draws;
        final int[] counts;
        final double[] acc;
        final double[] stats;
        final double[] scratch = new double[Tally.K];

        Work(int n, int width, int stats) {
            draws = new int[n];
            counts = new int[n];
            acc = new double[width];
            this.stats = new double[stats];
        }
    }

    private static ModelIntervals modelIntervals(double[] reps, double[] point, StatLayout layout, EntitySet set, int b,
                                                 double[] scratch) {
        Map<String, MetricIntervals> entities = new LinkedHashMap<>();
        for (int e = 0; e < layout.entities; e++) {
            entities.put(set.entities().get(e).id(), metrics(reps, point, e * StatLayout.M, b, scratch));
        }
        Map<String, MetricIntervals> groups = new LinkedHashMap<>();
        for (int g = 0; g < layout.groups; g++) {
            groups.put(set.groups().get(g).id(), metrics(reps, point, layout.groupBase + g * StatLayout.M, b, scratch));
        }
        return new ModelIntervals(ci(reps, point, layout.meanErrors, b, scratch), ci(reps, point, layout.meanWeighted, b, scratch),
                metrics(reps, point, layout.macroBase, b, scratch), entities, groups);
    }

    private static MetricIntervals metrics(double[] reps, double[] point, int at, int b, double[] scratch) {
        return new MetricIntervals(ci(reps, point, at, b, scratch), ci(reps, point, at + 1, b, scratch),
                ci(reps, point, at + 2, b, scratch), ci(reps, point, at + 3, b, scratch));
    }

    /** No interval for a score that is undefined on the observed data. */
    private static Interval ci(double[] reps, double[] point, int stat, int b, double[] scratch) {
        if (Double.isNaN(point[stat])) {
            return null;
        }
        return Quantiles.percentile(reps, stat * b, b, LEVEL, scratch);
    }
}
