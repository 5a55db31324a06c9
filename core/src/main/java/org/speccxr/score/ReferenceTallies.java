package org.speccxr.score;

import java.util.List;

/**
 * What each reference id adds to each model's tallies, frozen from a {@link ScoreAccumulator}: all the bootstrap
 * needs, without the records. Per model, every record is one row of verdict codes ({@code entity << 7 | code},
 * see {@link Tally}; TN verdicts left out, no interval depends on them), and the rows are grouped by reference
 * id (its cluster index, in order of first sight over all models) in compressed-row form.
 *
 * <p>A tally vector is {@link #width()} long: {@link Tally#K} counters per entity, then the error sum, the
 * weighted error sum and the number of records.
 */
public final class ReferenceTallies {
    static final int CODE_BITS = 7;
    static final int CODE_MASK = (1 << CODE_BITS) - 1;

    private final List<String> models;
    private final int clusters;
    private final int entities;
    private final double[] weight;
    /** Per model: the codes of every record, grouped by cluster, each cluster's rows in the order they came. */
    private final int[][] codes;
    /** Per model: {@code [2c]} where cluster c's codes start (its end is {@code [2c+2]}), {@code [2c+1]} its records. */
    private final int[][] where;

    /**
     * @param clusterOfRow per model, the cluster of each record (row)
     * @param rows         per model, the number of rows to take (the arrays may be longer)
     * @param rowEnd       per model, where each row's codes end in {@code rowCodes}
     */
    ReferenceTallies(List<String> models, int clusters, int entities, double[] weight, int[][] clusterOfRow,
                     int[] rows, int[][] rowEnd, int[][] rowCodes) {
        this.models = List.copyOf(models);
        this.clusters = clusters;
        this.entities = entities;
        this.weight = weight;
        int m = models.size();
        codes = new int[m][];
        where = new int[m][];
        for (int i = 0; i < m; i++) {
            // a stable counting sort of the rows by cluster, so that resampling a cluster reads one stretch of memory
            int n = rows[i];
            int[] cl = clusterOfRow[i], ends = rowEnd[i];
            int[] w = new int[2 * clusters + 2];
            for (int r = 0; r < n; r++) {
                int len = ends[r] - (r == 0 ? 0 : ends[r - 1]);
                w[2 * cl[r] + 2] += len;
                w[2 * cl[r] + 1]++;
            }
            for (int c = 0; c < clusters; c++) {
                w[2 * c + 2] += w[2 * c];
            }
            int[] next = new int[clusters];
            for (int c = 0; c < clusters; c++) {
                next[c] = w[2 * c];
            }
            int total = n == 0 ? 0 : ends[n - 1];
            int[] out = new int[total];
            for (int r = 0; r < n; r++) {
                int from = r == 0 ? 0 : ends[r - 1], len = ends[r] - from;
                System.arraycopy(rowCodes[i], from, out, next[cl[r]], len);
                next[cl[r]] += len;
            }
            codes[i] = out;
            where[i] = w;
        }
    }

    /** Models in order of first sight. */
    public List<String> models() {
        return models;
    }

    /** Reference ids seen, over all models. */
    public int clusters() {
        return clusters;
    }

    public int entities() {
        return entities;
    }

    /** Length of a tally vector. */
    public int width() {
        return entities * Tally.K + 3;
    }

    /**
     * Adds everything model {@code m} has for reference {@code c} (all its runs) to the tally vector {@code acc}.
     * The error sums run over the reference's verdicts in the order they came, then go into {@code acc} at once.
     */
    public void addTo(int m, int c, double[] acc) {
        int[] w = where[m], cs = codes[m];
        double errors = 0, weighted = 0;
        for (int j = w[2 * c], end = w[2 * c + 2]; j < end; j++) {
            int e = cs[j] >>> CODE_BITS, code = cs[j] & CODE_MASK;
            Tally.add(acc, e * Tally.K, code);
            int err = Tally.errors(code);
            errors += err;
            weighted += err * weight[e];
        }
        int tail = entities * Tally.K;
        acc[tail] += errors;
        acc[tail + 1] += weighted;
        acc[tail + 2] += w[2 * c + 1];
    }

    /** The tallies of model {@code m} over every reference once: the observed data. */
    public double[] totals(int m) {
        double[] acc = new double[width()];
        for (int c = 0; c < clusters; c++) {
            addTo(m, c, acc);
        }
        return acc;
    }
}
