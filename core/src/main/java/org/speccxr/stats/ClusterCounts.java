package org.speccxr.stats;

import org.speccxr.entity.EntitySet;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.ErrorBreakdown;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts of one model, precomputed once per cluster (reference id) into flat primitive arrays, so resampling
 * only adds up a few numbers per drawn cluster. Per entity there are {@link #K} tallies ({@code TP, FP, FN},
 * location aligned / not aligned, severity aligned / not aligned, comparison other); they are stored sparsely in
 * compressed-row form: cluster {@code c} owns {@code index/value[start[c] .. start[c+1])}, where
 * {@code index = entity * K + tally}. Each cluster also holds its error sum, weighted error sum and record count.
 *
 * <p>Verdicts are normalised again on the way in, exactly as {@link org.speccxr.score.Scorer} does, so a
 * resample that draws every cluster once reproduces the Scorer's numbers.
 */
final class ClusterCounts {
    static final int TP = 0, FP = 1, FN = 2, LOC_A = 3, LOC_N = 4, SEV_A = 5, SEV_N = 6, CMP_OK = 7, K = 8;

    /** How a cluster with several records (runs) of this model is summarised. */
    enum Mode {
        /** Add the runs up: pooled counts, as the Scorer pools them. */
        SUM,
        /** Average over the runs: each id weighs the same whatever its number of runs (paired comparisons). */
        MEAN
    }

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
    static ClusterCounts of(List<VerdictRecord> records, EntitySet set, Map<String, Integer> clusterOf, int clusters,
                            Mode mode) {
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
        double[] d = new double[e * K];
        BitSet touched = new BitSet(e);
        int k = 0;
        for (int c = 0; c < clusters; c++) {
            start[c] = k;
            List<VerdictRecord> rs = byCluster.get(c);
            if (rs == null) {
                continue;
            }
            for (VerdictRecord r : rs) {
                List<EntityVerdict> vs = VerdictNormalizer.normalize(r.entities(), set).entities();
                for (EntityVerdict v : vs) {
                    int o = ordinal.get(v.entity());
                    touched.set(o);
                    tally(v, d, o * K);
                    int errors = ErrorBreakdown.errorsOf(v);
                    wgt[c] += errors * weightOf[o];
                    err[c] += errors;
                }
                recs[c]++;
            }
            double scale = mode == Mode.MEAN ? 1.0 / recs[c] : 1.0;
            for (int o = touched.nextSetBit(0); o >= 0; o = touched.nextSetBit(o + 1)) {
                for (int j = o * K; j < o * K + K; j++) {
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
            if (mode == Mode.MEAN) {
                err[c] *= scale;
                wgt[c] *= scale;
                recs[c] = 1;
            }
        }
        start[clusters] = k;
        return new ClusterCounts(e, clusters, start, Arrays.copyOf(index, k), Arrays.copyOf(value, k), err, wgt, recs);
    }

    /** Adds one verdict to the tallies at {@code d[base..base+K)}. */
    private static void tally(EntityVerdict v, double[] d, int base) {
        switch (v.presence()) {
            case TP -> {
                d[base + TP]++;
                if (v.location() == Alignment.ALIGNED) {
                    d[base + LOC_A]++;
                } else if (v.location() == Alignment.NOT_ALIGNED) {
                    d[base + LOC_N]++;
                }
                if (v.severity() == Alignment.ALIGNED) {
                    d[base + SEV_A]++;
                } else if (v.severity() == Alignment.NOT_ALIGNED) {
                    d[base + SEV_N]++;
                }
                if (v.comparison() == Comparison.OTHER) {
                    d[base + CMP_OK]++;
                }
            }
            case FP -> d[base + FP]++;
            case FN -> d[base + FN]++;
            case TN -> {
            }
        }
    }

    /** Adds cluster {@code c} to a tally vector of length {@code entities * K + 3} (the last three: errors, weighted, records). */
    void addTo(int c, double[] acc) {
        int[] idx = index;
        double[] val = value;
        for (int j = start[c], end = start[c + 1]; j < end; j++) {
            acc[idx[j]] += val[j];
        }
        int t = entities * K;
        acc[t] += errors[c];
        acc[t + 1] += weighted[c];
        acc[t + 2] += records[c];
    }

    /** Length of a tally vector. */
    int width() {
        return entities * K + 3;
    }

    boolean has(int c) {
        return records[c] > 0;
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
