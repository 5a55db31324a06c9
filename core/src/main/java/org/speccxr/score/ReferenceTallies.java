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
    private final int[][] clusterStart;
    private final int[][] order;
    private final int[][] rowEnd;
    private final int[][] codes;

    ReferenceTallies(List<String> models, int clusters, int entities, double[] weight, int[][] clusterOfRow,
                     int[] rows, int[][] rowEnd, int[][] codes) {
        this.models = List.copyOf(models);
        this.clusters = clusters;
        this.entities = entities;
        this.weight = weight;
        this.rowEnd = rowEnd;
        this.codes = codes;
        int m = models.size();
        clusterStart = new int[m][];
        order = new int[m][];
        for (int i = 0; i < m; i++) {
            // counting sort of the rows by cluster; stable, so a cluster's rows stay in the order they came
            int[] start = new int[clusters + 1];
            for (int r = 0; r < rows[i]; r++) {
                start[clusterOfRow[i][r] + 1]++;
            }
            for (int c = 0; c < clusters; c++) {
                start[c + 1] += start[c];
            }
            int[] next = java.util.Arrays.copyOf(start, clusters);
            int[] o = new int[rows[i]];
            for (int r = 0; r < rows[i]; r++) {
                o[next[clusterOfRow[i][r]]++] = r;
            }
            clusterStart[i] = start;
            order[i] = o;
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
     * The error sums run over the reference's rows in the order they came, then go into {@code acc} at once.
     */
    public void addTo(int m, int c, double[] acc) {
        int[] start = clusterStart[m], o = order[m], ends = rowEnd[m], cs = codes[m];
        double errors = 0, weighted = 0;
        int from = start[c], to = start[c + 1];
        for (int i = from; i < to; i++) {
            int r = o[i];
            for (int j = r == 0 ? 0 : ends[r - 1], end = ends[r]; j < end; j++) {
                int e = cs[j] >>> CODE_BITS, code = cs[j] & CODE_MASK;
                Tally.add(acc, e * Tally.K, code);
                int err = Tally.errors(code);
                errors += err;
                weighted += err * weight[e];
            }
        }
        int tail = entities * Tally.K;
        acc[tail] += errors;
        acc[tail + 1] += weighted;
        acc[tail + 2] += to - from;
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
