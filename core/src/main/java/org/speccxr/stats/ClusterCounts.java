package org.speccxr.stats;

import org.speccxr.entity.EntitySet;
import org.speccxr.score.Tally;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tallies of one model for paired comparisons, averaged over its runs per cluster (reference id), so each id
 * weighs the same whatever its number of runs; precomputed once into flat primitive arrays, so resampling and
 * permuting only add up a few numbers per cluster. The layout is {@link org.speccxr.score.ReferenceTallies}'
 * ({@link Tally#K} counters per entity, then errors, weighted errors and records), stored sparsely in
 * compressed-row form: cluster {@code c} owns {@code index/value[start[c] .. start[c+1])}.
 */
final class ClusterCounts {
    final int entities;
    final int clusters;
    final int[] start;
    final int[] index;
    final double[] value;
    final double[] errors;
    final double[] weighted;
    final double[] records;

    private ClusterCounts(int entities, int clusters, int[] start, int[] index, double[] value, double[] errors,
                          double[] weighted, double[] records) {
        this.entities = entities;
        this.clusters = clusters;
        this.start = start;
        this.index = index;
        this.value = value;
        this.errors = errors;
        this.weighted = weighted;
        this.records = records;
    }

    /**
     * @param records   the records of one model
     * @param clusterOf cluster index of each id; records whose id is absent are ignored
     * @param clusters  number of clusters (ids may be missing for this model: their cluster stays empty)
     */
    static ClusterCounts of(List<VerdictRecord> records, EntitySet set, Map<String, Integer> clusterOf, int clusters) {
        int e = set.entities().size();
        Map<String, Integer> ordinal = new HashMap<>();
        double[] weightOf = new double[e];
        for (int i = 0; i < e; i++) {
            ordinal.put(set.entities().get(i).id(), i);
            weightOf[i] = set.entities().get(i).weight();
        }
        List<List<VerdictRecord>> byCluster = new ArrayList<>(clusters);
        for (int c = 0; c < clusters; c++) {
            byCluster.add(null);
        }
        for (VerdictRecord r : records) {
            Integer c = clusterOf.get(r.id());
            if (c != null) {
                if (byCluster.get(c) == null) {
                    byCluster.set(c, new ArrayList<>(1));
                }
                byCluster.get(c).add(r);
            }
        }
        double[] err = new double[clusters], wgt = new double[clusters], recs = new double[clusters];
        int[] start = new int[clusters + 1];
        int[] index = new int[Math.max(16, records.size() * 16)];
        double[] value = new double[index.length];
        double[] d = new double[e * Tally.K];
        BitSet touched = new BitSet(e);
        int k = 0;
        for (int c = 0; c < clusters; c++) {
            start[c] = k;
            List<VerdictRecord> rs = byCluster.get(c);
            if (rs == null) {
                continue;
            }
            for (VerdictRecord r : rs) {
                List<EntityVerdict> vs = VerdictNormalizer.normalized(r, set).entities();
                for (EntityVerdict v : vs) {
                    if (v.presence() == Presence.TN) {
                        continue; // no compared statistic depends on TN
                    }
                    int o = ordinal.get(v.entity());
                    int code = Tally.code(v);
                    touched.set(o);
                    Tally.add(d, o * Tally.K, code);
                    int errors = Tally.errors(code);
                    wgt[c] += errors * weightOf[o];
                    err[c] += errors;
                }
                recs[c]++;
            }
            double scale = 1.0 / recs[c];
            for (int o = touched.nextSetBit(0); o >= 0; o = touched.nextSetBit(o + 1)) {
                for (int j = o * Tally.K; j < o * Tally.K + Tally.K; j++) {
                    if (d[j] != 0) {
                        if (k == index.length) {
                            index = Arrays.copyOf(index, k * 2);
                            value = Arrays.copyOf(value, k * 2);
                        }
                        index[k] = j;
                        value[k++] = d[j] * scale;
                        d[j] = 0;
                    }
                }
            }
            touched.clear();
            err[c] *= scale;
            wgt[c] *= scale;
            recs[c] = 1;
        }
        start[clusters] = k;
        return new ClusterCounts(e, clusters, start, Arrays.copyOf(index, k), Arrays.copyOf(value, k), err, wgt, recs);
    }

    /** Adds cluster {@code c} to a tally vector of length {@link #width()}. */
    void addTo(int c, double[] acc) {
        int[] idx = index;
        double[] val = value;
        for (int j = start[c], end = start[c + 1]; j < end; j++) {
            acc[idx[j]] += val[j];
        }
        int t = entities * Tally.K;
        acc[t] += errors[c];
        acc[t + 1] += weighted[c];
        acc[t + 2] += records[c];
    }

    /** Length of a tally vector. */
    int width() {
        return entities * Tally.K + 3;
    }

    /** The tallies over all clusters once each: the observed data. */
    double[] totals() {
        double[] acc = new double[width()];
        for (int c = 0; c < clusters; c++) {
            addTo(c, acc);
        }
        return acc;
    }

    static void clear(double[] acc) {
        Arrays.fill(acc, 0);
    }
}
