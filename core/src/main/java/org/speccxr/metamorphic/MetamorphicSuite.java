package org.speccxr.metamorphic;

import org.speccxr.entity.EntitySet;
import org.speccxr.judge.Judge;
import org.speccxr.judge.ReportPair;
import org.speccxr.run.Evaluation;
import org.speccxr.run.Runner;
import org.speccxr.stats.KendallTau;
import org.speccxr.verdict.ErrorBreakdown;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Judges metamorphic variants and reports how well a judge's error counts follow the edits made. */
public final class MetamorphicSuite {
    private MetamorphicSuite() {
    }

    /**
     * @param caught per edit kind (single-edit variants): the share where the edit's error type was counted
     * @param exact  per edit kind: the share where the total count equals the edits made (1, or 0 for paraphrase)
     */
    public record Report(int variants, double tauB, double paraphraseZeroRate, int paraphrases,
                         Map<EditKind, double[]> caught, Map<EditKind, double[]> exact, List<String> misses) {
        public String format() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-18s %8s %8s %6s%n", "edit", "caught", "exact", "n"));
            for (EditKind k : EditKind.values()) {
                double[] c = caught.get(k), e = exact.get(k);
                if (c != null && c[1] > 0) {
                    sb.append(String.format(Locale.ROOT, "%-18s %7.1f%% %7.1f%% %6d%n", k.name().toLowerCase(Locale.ROOT),
                            100 * c[0] / c[1], 100 * e[0] / e[1], (int) c[1]));
                }
            }
            sb.append(String.format(Locale.ROOT, "variants %d  Kendall tau-b (edits made vs errors counted) %.4f  "
                    + "paraphrases scored 0: %.1f%% of %d%n", variants, tauB, 100 * paraphraseZeroRate, paraphrases));
            return sb.toString();
        }
    }

    public static Report run(Judge judge, EntitySet set, List<Variant> variants, int concurrency) {
        List<ReportPair> pairs = new ArrayList<>();
        for (Variant v : variants) {
            pairs.add(new ReportPair(v.id(), "metamorphic", v.reference(), v.candidate()));
        }
        Evaluation ev = new Runner(judge, set, 1, concurrency).run(pairs);
        Map<String, VerdictRecord> byId = new HashMap<>();
        ev.records().forEach(r -> byId.put(r.id(), r));
        List<double[]> xy = new ArrayList<>();
        Map<EditKind, double[]> caught = new EnumMap<>(EditKind.class), exact = new EnumMap<>(EditKind.class);
        int para = 0, paraZero = 0;
        List<String> misses = new ArrayList<>();
        for (Variant v : variants) {
            VerdictRecord r = byId.get(v.id());
            if (r == null) {
                continue;
            }
            ErrorBreakdown b = ErrorBreakdown.of(r.entities());
            xy.add(new double[]{v.expectedErrors(), b.total()});
            if (v.paraphraseOnly()) {
                para++;
                if (b.total() == 0) {
                    paraZero++;
                } else {
                    misses.add("paraphrase scored " + b.total() + ": " + v.id());
                }
            }
            if (v.edits().size() == 1) {
                EditKind k = v.edits().get(0);
                boolean hit = k.errorCounted(b);
                boolean ex = b.total() == v.expectedErrors();
                caught.computeIfAbsent(k, x -> new double[2]);
                exact.computeIfAbsent(k, x -> new double[2]);
                caught.get(k)[0] += hit ? 1 : 0;
                caught.get(k)[1]++;
                exact.get(k)[0] += ex ? 1 : 0;
                exact.get(k)[1]++;
                if (!hit && k != EditKind.PARAPHRASE) {
                    misses.add(k + " missed on " + v.targets() + " (" + b + "): " + v.id() + " | " + v.candidate());
                }
            }
        }
        double[] x = new double[xy.size()], y = new double[xy.size()];
        for (int i = 0; i < xy.size(); i++) {
            x[i] = xy.get(i)[0];
            y[i] = xy.get(i)[1];
        }
        return new Report(xy.size(), KendallTau.tauB(x, y), para == 0 ? Double.NaN : (double) paraZero / para, para,
                caught, exact, misses);
    }
}
