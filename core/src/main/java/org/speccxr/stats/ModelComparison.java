package org.speccxr.stats;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.score.Interval;
import org.speccxr.score.Tally;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Paired comparison of two models judged on the same references.
 *
 * <p>Unit: the reference id. Only ids both models have are used. Each model's records of an id are averaged over
 * its runs, so an id weighs the same whatever its number of runs (with equal runs this gives exactly the pooled
 * scores of {@code evaluate}).
 *
 * <p>Test: approximate randomisation (a paired permutation test): under the null hypothesis that the two models
 * are exchangeable, swapping the two models' verdicts on any subset of ids leaves the distribution of every
 * statistic unchanged. Each permutation swaps every id with probability 1/2 and recomputes the difference; the
 * two-sided p-value is {@code (1 + #{|d*| >= |d|}) / (1 + R)}. When {@code 2^ids <= R} all {@code 2^ids} swaps are
 * enumerated and the p-value is exact ({@code #{|d*| >= |d|} / 2^ids}).
 *
 * <p>Interval: the paired bootstrap (ids drawn with replacement, both models' verdicts of a drawn id together),
 * central percentile interval of the difference.
 *
 * <p>Multiplicity: entity F1 p-values are Holm-adjusted within each model pair, over the entities whose F1 is
 * defined for both models (the others cannot be compared and are counted as untestable). The three headline
 * statistics (mean error count, mean weighted errors, macro F1) are reported with their raw p-values.
 */
public final class ModelComparison {

    public record Options(int permutations, int bootstrap, long seed, double alpha) {
        public static Options defaults() {
            return new Options(10_000, 1_000, Bootstrap.DEFAULT_SEED, 0.05);
        }
    }

    /** The statistics compared. Errors: lower is better; F1: higher is better. */
    public enum Metric {
        MEAN_ERROR_COUNT("mean_error_count", "mean error count", false),
        MEAN_WEIGHTED_ERRORS("mean_weighted_errors", "mean weighted errors", false),
        MACRO_F1("macro_f1", "macro F1", true),
        ENTITY_F1("entity_f1", "F1", true);

        public final String key;
        public final String label;
        public final boolean higherIsBetter;

        Metric(String key, String label, boolean higherIsBetter) {
            this.key = key;
            this.label = label;
            this.higherIsBetter = higherIsBetter;
        }
    }

    /**
     * One compared statistic.
     *
     * @param entity  entity id for {@link Metric#ENTITY_F1}, else null
     * @param diff    {@code a - b}
     * @param diffCi  bootstrap interval of the difference (null when the bootstrap is off or undefined)
     * @param pHolm   Holm-adjusted p-value (entities only; null for headline rows)
     * @param better  the better model when the difference is significant at alpha (adjusted for entities), else null
     */
    public record Row(Metric metric, String entity, String entityName, double a, double b, double diff, Interval diffCi,
                      double p, Double pHolm, String better) {
    }

    /**
     * @param ids        ids both models have (the compared ones)
     * @param onlyA      ids only model A has (left out)
     * @param exact      true when all 2^ids swaps were enumerated
     * @param untestable entities whose F1 is undefined for either model (not tested)
     */
    public record PairResult(String modelA, String modelB, int ids, int onlyA, int onlyB, boolean exact,
                             long permutations, int bootstrap, int untestable, List<Row> headline, List<Row> entities) {
        public List<Row> rows() {
            List<Row> all = new ArrayList<>(headline);
            all.addAll(entities);
            return all;
        }
    }

    private ModelComparison() {
    }

    /** Models in order of first appearance. */
    public static List<String> models(List<VerdictRecord> records) {
        Set<String> s = new LinkedHashSet<>();
        records.forEach(r -> s.add(r.model()));
        return new ArrayList<>(s);
    }

    /**
     * Compares every pair of models (in order of first appearance), or every model against {@code baseline}
     * (then A is the other model and B the baseline).
     */
    public static List<PairResult> compareAll(List<VerdictRecord> records, EntitySet set, String baseline, Options o) {
        List<String> models = models(records);
        List<PairResult> out = new ArrayList<>();
        if (baseline != null) {
            for (String m : models) {
                if (!m.equals(baseline)) {
                    out.add(compare(records, set, m, baseline, o));
                }
            }
        } else {
            for (int i = 0; i < models.size(); i++) {
                for (int j = i + 1; j < models.size(); j++) {
                    out.add(compare(records, set, models.get(i), models.get(j), o));
                }
            }
        }
        return out;
    }

    public static PairResult compare(List<VerdictRecord> records, EntitySet set, String modelA, String modelB, Options o) {
        List<VerdictRecord> ra = new ArrayList<>(), rb = new ArrayList<>();
        Set<String> idsA = new LinkedHashSet<>(), idsB = new LinkedHashSet<>();
        for (VerdictRecord r : records) {
            if (r.model().equals(modelA)) {
                ra.add(r);
                idsA.add(r.id());
            } else if (r.model().equals(modelB)) {
                rb.add(r);
                idsB.add(r.id());
            }
        }
        Map<String, Integer> clusterOf = new LinkedHashMap<>();
        for (String id : idsA) {
            if (idsB.contains(id)) {
                clusterOf.put(id, clusterOf.size());
            }
        }
        int n = clusterOf.size();
        if (n == 0) {
            throw new IllegalArgumentException("models '" + modelA + "' and '" + modelB + "' share no reference id");
        }
        ClusterCounts a = ClusterCounts.of(ra, set, clusterOf, n);
        ClusterCounts b = ClusterCounts.of(rb, set, clusterOf, n);
        StatLayout layout = new StatLayout(set);
        double[] ta = a.totals(), tb = b.totals();
        double[] sa = layout.compute(ta), sb = layout.compute(tb);

        // The compared statistics: three headline ones, then each entity F1 defined for both models.
        List<Integer> sel = new ArrayList<>(List.of(layout.meanErrors, layout.meanWeighted, layout.macroBase + StatLayout.F1));
        List<Integer> tested = new ArrayList<>();
        for (int e = 0; e < layout.entities; e++) {
            int s = e * StatLayout.M + StatLayout.F1;
            if (!Double.isNaN(sa[s]) && !Double.isNaN(sb[s])) {
                sel.add(s);
                tested.add(e);
            }
        }
        int[] stats = sel.stream().mapToInt(Integer::intValue).toArray();
        double[] observed = new double[stats.length];
        for (int j = 0; j < stats.length; j++) {
            observed[j] = sa[stats[j]] - sb[stats[j]];
        }
        boolean exact = n < 31 && (1L << n) <= o.permutations();
        long perms = exact ? 1L << n : o.permutations();
        long[] extreme = permutationCounts(a, b, ta, tb, layout, stats, observed, n, perms, exact, o.seed());
        double[] p = new double[stats.length];
        for (int j = 0; j < stats.length; j++) {
            p[j] = exact ? extreme[j] / (double) perms : (1 + extreme[j]) / (1.0 + perms);
        }
        Interval[] ci = o.bootstrap() > 1 ? bootstrapDiffs(a, b, layout, stats, n, o.bootstrap(), o.seed()) : new Interval[stats.length];
        double[] holm = Holm.adjust(java.util.Arrays.copyOfRange(p, 3, p.length));

        Metric[] head = {Metric.MEAN_ERROR_COUNT, Metric.MEAN_WEIGHTED_ERRORS, Metric.MACRO_F1};
        List<Row> headline = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            headline.add(row(head[j], null, null, sa[stats[j]], sb[stats[j]], ci[j], p[j], null, o.alpha(), modelA, modelB));
        }
        List<Row> entities = new ArrayList<>();
        for (int k = 0; k < tested.size(); k++) {
            int j = k + 3;
            Entity en = set.entities().get(tested.get(k));
            entities.add(row(Metric.ENTITY_F1, en.id(), en.name(), sa[stats[j]], sb[stats[j]], ci[j], p[j], holm[k], o.alpha(), modelA, modelB));
        }
        int defined = 0;
        for (int e = 0; e < layout.entities; e++) {
            int s = e * StatLayout.M;
            if (!Double.isNaN(sa[s]) || !Double.isNaN(sb[s])) {
                defined++;
            }
        }
        return new PairResult(modelA, modelB, n, idsA.size() - n, idsB.size() - n, exact, perms, Math.max(0, o.bootstrap()),
                defined - tested.size(), headline, entities);
    }

    private static Row row(Metric m, String entity, String name, double a, double b, Interval ci, double p, Double pHolm,
                           double alpha, String modelA, String modelB) {
        double diff = a - b;
        double decisive = pHolm != null ? pHolm : p;
        String better = null;
        if (decisive < alpha && diff != 0) {
            better = (diff > 0) == m.higherIsBetter ? modelA : modelB;
        }
        return new Row(m, entity, name, a, b, diff, ci, p, pHolm, better);
    }

    /**
     * Counts, per statistic, the permutations whose |difference| reaches the observed one. Swapping id c moves
     * {@code b_c - a_c} from B's totals to A's, so each permutation only adds the swapped ids' deltas.
     */
    static long[] permutationCounts(ClusterCounts a, ClusterCounts b, double[] ta, double[] tb, StatLayout layout,
                                    int[] stats, double[] observed, int n, long perms, boolean exact, long seed) {
        int w = ta.length;
        // delta_c = b_c - a_c, dense per cluster only over the union of its non-zero tallies
        int[][] dIdx = new int[n][];
        double[][] dVal = new double[n][];
        double[] scratch = new double[w];
        for (int c = 0; c < n; c++) {
            java.util.Arrays.fill(scratch, 0);
            b.addTo(c, scratch);
            for (int j = a.start[c]; j < a.start[c + 1]; j++) {
                scratch[a.index[j]] -= a.value[j];
            }
            int tail = a.entities * Tally.K;
            scratch[tail] -= a.errors[c];
            scratch[tail + 1] -= a.weighted[c];
            scratch[tail + 2] -= a.records[c];
            int k = 0;
            for (double v : scratch) {
                if (v != 0) {
                    k++;
                }
            }
            dIdx[c] = new int[k];
            dVal[c] = new double[k];
            k = 0;
            for (int i = 0; i < w; i++) {
                if (scratch[i] != 0) {
                    dIdx[c][k] = i;
                    dVal[c][k++] = scratch[i];
                }
            }
        }
        double[] tol = new double[observed.length];
        for (int j = 0; j < observed.length; j++) {
            tol[j] = Math.abs(observed[j]) - 1e-9;
        }
        int chunks = (int) Math.min(perms, 4L * Math.max(1, Runtime.getRuntime().availableProcessors()));
        long per = (perms + chunks - 1) / chunks;
        long[][] counts = new long[chunks][observed.length];
        SplittableRandom root = new SplittableRandom(seed);
        long[] chunkSeeds = new long[chunks];
        for (int i = 0; i < chunks; i++) {
            chunkSeeds[i] = root.nextLong();
        }
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            SplittableRandom rnd = new SplittableRandom(chunkSeeds[ch]);
            double[] accA = new double[w], accB = new double[w], outA = new double[layout.size], outB = new double[layout.size];
            double[] sc = new double[Tally.K];
            long[] cnt = counts[ch];
            long from = ch * per, to = Math.min(perms, from + per);
            for (long r = from; r < to; r++) {
                System.arraycopy(ta, 0, accA, 0, w);
                long bits = 0;
                for (int c = 0; c < n; c++) {
                    boolean swap;
                    if (exact) {
                        swap = ((r >>> c) & 1) != 0;
                    } else {
                        if ((c & 63) == 0) {
                            bits = rnd.nextLong();
                        }
                        swap = ((bits >>> (c & 63)) & 1) != 0;
                    }
                    if (swap) {
                        int[] di = dIdx[c];
                        double[] dv = dVal[c];
                        for (int i = 0; i < di.length; i++) {
                            accA[di[i]] += dv[i];
                        }
                    }
                }
                for (int i = 0; i < w; i++) {
                    accB[i] = ta[i] + tb[i] - accA[i];
                }
                layout.compute(accA, outA, sc);
                layout.compute(accB, outB, sc);
                for (int j = 0; j < stats.length; j++) {
                    double d = outA[stats[j]] - outB[stats[j]];
                    if (Double.isNaN(d)) {
                        d = 0;
                    }
                    if (Math.abs(d) >= tol[j]) {
                        cnt[j]++;
                    }
                }
            }
        });
        long[] total = new long[observed.length];
        for (long[] c : counts) {
            for (int j = 0; j < total.length; j++) {
                total[j] += c[j];
            }
        }
        return total;
    }

    /** Paired bootstrap: percentile interval of each difference. */
    static Interval[] bootstrapDiffs(ClusterCounts a, ClusterCounts b, StatLayout layout, int[] stats, int n, int reps, long seed) {
        double[] diffs = new double[stats.length * reps];
        Resampler rs = new Resampler(reps, seed);
        int w = a.width();
        ThreadLocal<double[][]> work = ThreadLocal.withInitial(() -> new double[][]{new double[w], new double[w],
                new double[layout.size], new double[layout.size], new double[Tally.K]});
        rs.forEach(r -> {
            double[][] x = work.get();
            SplittableRandom rnd = rs.random(r);
            ClusterCounts.clear(x[0]);
            ClusterCounts.clear(x[1]);
            for (int i = 0; i < n; i++) {
                int c = rnd.nextInt(n);
                a.addTo(c, x[0]);
                b.addTo(c, x[1]);
            }
            layout.compute(x[0], x[2], x[4]);
            layout.compute(x[1], x[3], x[4]);
            for (int j = 0; j < stats.length; j++) {
                diffs[j * reps + r] = x[2][stats[j]] - x[3][stats[j]];
            }
        });
        Interval[] out = new Interval[stats.length];
        double[] scratch = new double[reps];
        for (int j = 0; j < stats.length; j++) {
            out[j] = Quantiles.percentile(diffs, j * reps, reps, Bootstrap.LEVEL, scratch);
        }
        return out;
    }
}
