package org.speccxr.stats;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.Group;
import org.speccxr.score.Metrics;
import org.speccxr.score.Tally;

import java.util.List;

/**
 * Turns a tally vector (see {@link org.speccxr.score.ReferenceTallies}) into the vector of every score, with NaN
 * where a score is undefined. The metrics are {@link Metrics}', as the scorer's; group scores pool the counts of
 * their entities; macro = mean over the entities where defined.
 *
 * <p>Layout: entity {@code e} metric {@code m} at {@code e*4+m}; group {@code g} at {@code groupBase+g*4+m};
 * macro at {@code macroBase+m}; then mean error count and mean weighted errors. Metrics {@code m}: 0 F1,
 * 1 location, 2 severity, 3 comparison.
 */
final class StatLayout {
    static final int F1 = 0, LOC = 1, SEV = 2, CMP = 3, M = 4;

    final int entities;
    final int groups;
    final int groupBase;
    final int macroBase;
    final int meanErrors;
    final int meanWeighted;
    final int size;
    /** Entity ordinals of each group's members. */
    final int[][] members;

    StatLayout(EntitySet set) {
        entities = set.entities().size();
        List<Group> gs = set.groups();
        groups = gs.size();
        members = new int[groups][];
        List<Entity> es = set.entities();
        for (int g = 0; g < groups; g++) {
            String id = gs.get(g).id();
            members[g] = java.util.stream.IntStream.range(0, es.size()).filter(i -> es.get(i).group().equals(id)).toArray();
        }
        groupBase = entities * M;
        macroBase = groupBase + groups * M;
        meanErrors = macroBase + M;
        meanWeighted = meanErrors + 1;
        size = meanWeighted + 1;
    }

    /** Fills {@code out} (length {@link #size}) from the tallies {@code t}; {@code scratch} has length K. */
    void compute(double[] t, double[] out, double[] scratch) {
        final int k = Tally.K;
        double[] sum = new double[M];
        int[] n = new int[M];
        for (int e = 0; e < entities; e++) {
            int b = e * k;
            metrics(t, b, out, e * M);
            for (int m = 0; m < M; m++) {
                double v = out[e * M + m];
                if (!Double.isNaN(v)) {
                    sum[m] += v;
                    n[m]++;
                }
            }
        }
        for (int g = 0; g < groups; g++) {
            java.util.Arrays.fill(scratch, 0);
            for (int e : members[g]) {
                for (int j = 0; j < k; j++) {
                    scratch[j] += t[e * k + j];
                }
            }
            metrics(scratch, 0, out, groupBase + g * M);
        }
        for (int m = 0; m < M; m++) {
            out[macroBase + m] = n[m] == 0 ? Double.NaN : sum[m] / n[m];
        }
        int tail = entities * k;
        double recs = t[tail + 2];
        out[meanErrors] = Metrics.mean(t[tail], recs);
        out[meanWeighted] = Metrics.mean(t[tail + 1], recs);
    }

    private static void metrics(double[] t, int b, double[] out, int at) {
        out[at + F1] = Metrics.f1(t[b + Tally.TP], t[b + Tally.FP], t[b + Tally.FN]);
        out[at + LOC] = Metrics.accuracy(t[b + Tally.LOC_ALIGNED], t[b + Tally.LOC_NOT_ALIGNED]);
        out[at + SEV] = Metrics.accuracy(t[b + Tally.SEV_ALIGNED], t[b + Tally.SEV_NOT_ALIGNED]);
        out[at + CMP] = Metrics.comparisonAccuracy(t[b + Tally.CMP_OTHER], t[b + Tally.TP]);
    }

    double[] compute(double[] tallies) {
        double[] out = new double[size];
        compute(tallies, out, new double[Tally.K]);
        return out;
    }
}
