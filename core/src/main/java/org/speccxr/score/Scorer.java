package org.speccxr.score;

import org.speccxr.entity.EntitySet;
import org.speccxr.verdict.VerdictRecord;

import java.util.List;
import java.util.function.Function;

/**
 * Computes SPEC-CXR's entity-level and report-level scores from verdict records alone. It never knows which judge
 * ran. A loop over a {@link ScoreAccumulator} that keeps the report scores.
 */
public final class Scorer {
    private Scorer() {
    }

    public static Scores score(List<VerdictRecord> records, EntitySet set) {
        ScoreAccumulator acc = new ScoreAccumulator(set, true);
        records.forEach(acc::add);
        return acc.snapshot();
    }

    /** Macro averages over the entities where each metric is defined, in the order given. */
    public static Macro macro(Iterable<Counts> counts) {
        Mean f1 = new Mean(), loc = new Mean(), sev = new Mean(), cmp = new Mean();
        for (Counts c : counts) {
            f1.add(c.f1());
            loc.add(c.locationAccuracy());
            sev.add(c.severityAccuracy());
            cmp.add(c.comparisonAccuracy());
        }
        return new Macro(f1.mean(), f1.n, loc.mean(), loc.n, sev.mean(), sev.n, cmp.mean(), cmp.n);
    }

    /** Mean and sample standard deviation of a metric over runs, ignoring runs where it is undefined. */
    public static double[] meanStd(List<Macro> runs, Function<Macro, Double> metric) {
        double sum = 0, sq = 0;
        int n = 0;
        for (Macro m : runs) {
            Double v = metric.apply(m);
            if (v != null) {
                sum += v;
                sq += v * v;
                n++;
            }
        }
        if (n == 0) {
            return new double[]{Double.NaN, Double.NaN};
        }
        double mean = sum / n;
        double var = n > 1 ? Math.max(0, (sq - n * mean * mean) / (n - 1)) : 0;
        return new double[]{mean, Math.sqrt(var)};
    }

    private static final class Mean {
        double sum;
        int n;

        void add(Double v) {
            if (v != null) {
                sum += v;
                n++;
            }
        }

        Double mean() {
            return n == 0 ? null : sum / n;
        }
    }
}
