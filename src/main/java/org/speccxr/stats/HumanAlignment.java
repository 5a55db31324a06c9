package org.speccxr.stats;

import org.speccxr.io.InputException;
import org.speccxr.io.TableReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Agreement between report-level error counts and human error counts: Kendall's tau-b per run, with the mean and
 * sample standard deviation over runs (the paper's Table 1 statistic).
 */
public final class HumanAlignment {
    private HumanAlignment() {
    }

    public record RunTau(int run, double tauB, int n) {
    }

    public record Result(double tauBMean, double tauBStd, List<RunTau> runs, int n) {
    }

    public static Result compute(Path scores, Path human) {
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
        Map<Integer, List<double[]>> byRun = new TreeMap<>();
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
                byRun.computeIfAbsent(run, k -> new ArrayList<>()).add(new double[]{number(r.get("error_count"), scores, r.where()), hv});
            }
        }
        if (byRun.isEmpty()) {
            throw new InputException("no pair of " + scores + " matches an id" + (humanHasModel ? " and model" : "") + " in " + human);
        }
        List<RunTau> runs = new ArrayList<>();
        for (Map.Entry<Integer, List<double[]>> e : byRun.entrySet()) {
            List<double[]> rows = e.getValue();
            double[] x = new double[rows.size()], y = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                x[i] = rows.get(i)[0];
                y[i] = rows.get(i)[1];
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
        return new Result(mean, std, runs, runs.get(0).n());
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
        try {
            return Double.parseDouble(v.strip());
        } catch (RuntimeException e) {
            throw new InputException(f + " " + where + ": '" + v + "' is not a number");
        }
    }
}
