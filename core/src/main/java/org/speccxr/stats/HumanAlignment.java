package org.speccxr.stats;

import org.speccxr.util.InputException;
import org.speccxr.io.TableReader;
import org.speccxr.score.Interval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Agreement between report-level error counts and human error counts: Kendall's tau-b per run, with the mean and
 * sample standard deviation over runs (the paper's Table 1 statistic), and a cluster-bootstrap percentile interval
 * of the mean tau-b: each replicate draws the matched ids with replacement (all rows of a drawn id, every model and
 * run, come along), recomputes tau-b per run and averages over the runs.
 */
public final class HumanAlignment {
    private HumanAlignment() {
    }

    public record RunTau(int run, double tauB, int n) {
    }

    /**
     * @param tauBCi    bootstrap interval of the mean tau-b, or null (turned off, or undefined)
     * @param resamples bootstrap resamples used (0 when off)
     */
    public record Result(double tauBMean, double tauBStd, List<RunTau> runs, int n, Interval tauBCi, int resamples,
                         long seed) {
        public Result(double tauBMean, double tauBStd, List<RunTau> runs, int n) {
            this(tauBMean, tauBStd, runs, n, null, 0, 0);
        }
    }

    private record Matched(String id, double score, double human) {
    }

    public static Result compute(Path scores, Path human) {
        return compute(scores, human, 0, Bootstrap.DEFAULT_SEED);
    }

    public static Result compute(Path scores, Path human, int resamples, long seed) {
        TableReader.Table s = TableReader.read(scores, "scores file");
        TableReader.Table h = TableReader.read(human, "human file");
        require(s, scores, "scores file", "id", "error_count");
        require(h, human, "human file", "id", "error_count");
        boolean humanHasModel = h.columns().contains("model");
        Map<String, Double> humanCounts = new HashMap<>();
        for (TableReader.Row r : h.rows()) {
            String key = key(r.get("id"), humanHasModel ? r.get("model") : null);
            if (humanCounts.put(key, number(r.get("error_count"), human, r.where())) != null) {
                throw new InputException("human file " + human + " " + r.where() + ": duplicate row for " + key.replace("\u0000", " / "));
            }
        }
        Map<Integer, List<Matched>> byRun = new TreeMap<>();
        Map<Integer, Set<String>> seen = new HashMap<>();
        for (TableReader.Row r : s.rows()) {
            int run = r.get("run") == null || r.get("run").isBlank() ? 1 : (int) number(r.get("run"), scores, r.where());
            String model = r.get("model");
            String key = key(r.get("id"), humanHasModel ? model : null);
            if (!seen.computeIfAbsent(run, k -> new HashSet<>()).add(key)) {
                throw new InputException("scores file " + scores + " " + r.where() + ": pair '" + r.get("id")
                        + "' appears for several models; give the human file a 'model' column to match them");
            }
            Double hv = humanCounts.get(key);
            if (hv != null) {
                byRun.computeIfAbsent(run, k -> new ArrayList<>()).add(new Matched(r.get("id"), number(r.get("error_count"), scores, r.where()), hv));
            }
        }
        if (byRun.isEmpty()) {
            throw new InputException("no pair of " + scores + " matches an id" + (humanHasModel ? " and model" : "") + " in " + human);
        }
        List<RunTau> runs = new ArrayList<>();
        for (Map.Entry<Integer, List<Matched>> e : byRun.entrySet()) {
            List<Matched> rows = e.getValue();
            double[] x = new double[rows.size()], y = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                x[i] = rows.get(i).score();
                y[i] = rows.get(i).human();
            }
            runs.add(new RunTau(e.getKey(), KendallTau.tauB(x, y), rows.size()));
        }
        double sum = 0, sq = 0;
        int k = 0;
        for (RunTau r : runs) {
            if (!Double.isNaN(r.tauB())) {
                sum += r.tauB();
                sq += r.tauB() * r.tauB();
                k++;
            }
        }
        double mean = k == 0 ? Double.NaN : sum / k;
        double std = k < 2 ? (k == 1 ? 0 : Double.NaN) : Math.sqrt(Math.max(0, (sq - k * mean * mean) / (k - 1)));
        Interval ci = resamples > 0 && !Double.isNaN(mean) ? bootstrap(new ArrayList<>(byRun.values()), resamples, seed) : null;
        return new Result(mean, std, runs, runs.get(0).n(), ci, Math.max(0, resamples), seed);
    }

    /** Percentile interval of the mean over runs of tau-b, resampling ids (clusters) with replacement. */
    static Interval bootstrap(List<List<Matched>> runs, int resamples, long seed) {
        Map<String, Integer> clusterOf = new LinkedHashMap<>();
        runs.forEach(rows -> rows.forEach(m -> clusterOf.putIfAbsent(m.id(), clusterOf.size())));
        int n = clusterOf.size();
        // rowsOf[run][cluster] = the row indices of that id in that run
        int[][][] rowsOf = new int[runs.size()][n][];
        for (int k = 0; k < runs.size(); k++) {
            List<List<Integer>> tmp = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                tmp.add(new ArrayList<>(1));
            }
            List<Matched> rows = runs.get(k);
            for (int i = 0; i < rows.size(); i++) {
                tmp.get(clusterOf.get(rows.get(i).id())).add(i);
            }
            for (int c = 0; c < n; c++) {
                rowsOf[k][c] = tmp.get(c).stream().mapToInt(Integer::intValue).toArray();
            }
        }
        double[] reps = new double[resamples];
        Resampler rs = new Resampler(resamples, seed);
        rs.forEach(r -> {
            int[] draws = new int[n];
            Resampler.draw(rs.random(r), n, draws);
            double sum = 0;
            int defined = 0;
            for (int k = 0; k < runs.size(); k++) {
                List<Matched> rows = runs.get(k);
                int len = 0;
                for (int c : draws) {
                    len += rowsOf[k][c].length;
                }
                double[] x = new double[len], y = new double[len];
                int j = 0;
                for (int c : draws) {
                    for (int i : rowsOf[k][c]) {
                        x[j] = rows.get(i).score();
                        y[j++] = rows.get(i).human();
                    }
                }
                double t = KendallTau.tauB(x, y);
                if (!Double.isNaN(t)) {
                    sum += t;
                    defined++;
                }
            }
            reps[r] = defined == 0 ? Double.NaN : sum / defined;
        });
        return Quantiles.percentile(reps, Bootstrap.LEVEL);
    }

    private static String key(String id, String model) {
        return (id == null ? "" : id.strip()) + "\u0000" + (model == null ? "" : model.strip());
    }

    private static void require(TableReader.Table t, Path f, String what, String... cols) {
        for (String c : cols) {
            if (!t.columns().contains(c)) {
                throw new InputException(what + " " + f + ": missing column '" + c + "' (found: " + String.join(", ", t.columns()) + ")");
            }
        }
    }

    private static double number(String v, Path f, String where) {
        double d;
        try {
            d = Double.parseDouble(v.strip());
        } catch (RuntimeException e) {
            throw new InputException(f + " " + where + ": '" + v + "' is not a number");
        }
        if (!Double.isFinite(d) || d < 0) {
            throw new InputException(f + " " + where + ": '" + v + "' is not a count (a finite number, 0 or more)");
        }
        return d;
    }
}
