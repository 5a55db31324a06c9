package org.speccxr.bench;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.entity.LabelSet;
import org.speccxr.io.TableReader;
import org.speccxr.judge.rules.ReportExtractor;
import org.speccxr.judge.rules.RuleSet;
import org.speccxr.label.Labeler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Measures the rules extraction against NegBio's OpenI gold standard (14 ChestX-ray14 labels on IU X-ray reports):
 * report text = findings + impression; gold 1 and -1 count as positive, and so do our 1 and -1.
 * {@code split} "test" = NegBio's 771-report test split (measure only); "train" = the other reports (tune here).
 */
public final class OpenIGold {
    public record LabelScore(String label, int tp, int fp, int fn) {
        public double f1() {
            return 2.0 * tp / Math.max(1, 2 * tp + fp + fn);
        }
    }

    /**
     * @param microF1    micro F1 over the labels the gold standard annotates (those with positives in the split)
     * @param microF1All micro F1 over all 14 labels (Hernia has no gold positive at all in this gold standard)
     */
    /**
     * @param outcomes per report, per label: 0 both negative, 1 TP, 2 FP, 3 FN (for the bootstrap interval)
     */
    public record Result(int reports, List<LabelScore> labels, double microF1, double macroF1, double microF1All,
                         List<String> errors, Hedges hedges, List<byte[]> outcomes) {
    }

    /** Percentile interval of micro and macro F1 over reports drawn with replacement. */
    public record Interval(double microLow, double microHigh, double macroLow, double macroHigh, double macroAtLeast90) {
    }

    /**
     * The 95% bootstrap interval of the micro and macro F1 (labels with gold positives in the draw), and the share of
     * draws whose macro F1 reaches 0.90: how far the test split's small counts let the figures move.
     */
    public static Interval interval(Result r, int draws, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        int n = r.outcomes().size(), labels = r.labels().size();
        double[] micro = new double[draws], macro = new double[draws];
        int reach = 0;
        for (int d = 0; d < draws; d++) {
            int[][] c = new int[labels][4];
            for (int k = 0; k < n; k++) {
                byte[] o = r.outcomes().get(random.nextInt(n));
                for (int i = 0; i < labels; i++) {
                    c[i][o[i]]++;
                }
            }
            int tp = 0, fp = 0, fn = 0, with = 0;
            double sum = 0;
            for (int[] x : c) {
                if (x[1] + x[3] > 0) {
                    tp += x[1];
                    fp += x[2];
                    fn += x[3];
                    sum += 2.0 * x[1] / (2 * x[1] + x[2] + x[3]);
                    with++;
                }
            }
            micro[d] = 2.0 * tp / Math.max(1, 2 * tp + fp + fn);
            macro[d] = with == 0 ? 0 : sum / with;
            reach += macro[d] >= 0.90 ? 1 : 0;
        }
        java.util.Arrays.sort(micro);
        java.util.Arrays.sort(macro);
        int lo = (int) Math.floor(0.025 * draws), hi = (int) Math.ceil(0.975 * draws) - 1;
        return new Interval(micro[lo], micro[hi], macro[lo], macro[hi], (double) reach / draws);
    }

    /**
     * How the gold standard treats what the extraction reads as hedged, over the labels with gold positives.
     *
     * @param uncertain      report-labels our extraction marks -1 (uncertain)
     * @param goldPositive   of those, how many the gold codes positive
     * @param ceilingMicroF1 micro F1 of an extractor that agrees with the gold on every other report-label and counts
     *                       its hedged ones positive: the best possible score with uncertain counted positive
     * @param ceilingMacroF1 the same, macro
     */
    public record Hedges(int uncertain, int goldPositive, double ceilingMicroF1, double ceilingMacroF1) {
    }

    public static Result run(String split, boolean collectErrors) throws IOException {
        return run(split, collectErrors, true);
    }

    /** @param uncertainPositive count our -1 (uncertain) as positive (true) or as negative (false). */
    public static Result run(String split, boolean collectErrors, boolean uncertainPositive) throws IOException {
        return run(split, collectErrors, uncertainPositive, null);
    }

    /**
     * @param given labels already made (by {@code ./spec-cxr label}, read with {@link #readLabels}), by report id;
     *              null: label here with the bundled rules
     */
    public static Result run(String split, boolean collectErrors, boolean uncertainPositive,
                             Map<String, List<Integer>> given) throws IOException {
        Path raw = SharedData.raw();
        Set<String> test = testIds();
        Map<String, String> text = reportTexts();
        TableReader.Table gold = TableReader.read(raw.resolve("negbio_openi/openi_gld_std14.csv"), "gold");
        EntitySet set = EntitySetLoader.loadDefault();
        ReportExtractor extractor = new ReportExtractor(set, RuleSet.loadDefault());
        Labeler labeler = new Labeler(extractor, LabelSet.named("chestxray14", set));
        List<String> names = labeler.labelSet().labels().stream().map(LabelSet.Label::label).toList();
        int[] tp = new int[names.size()], fp = new int[names.size()], fn = new int[names.size()];
        int[] goldPositives = new int[names.size()], hedgedGoldPositive = new int[names.size()],
                hedgedGoldNegative = new int[names.size()];
        List<String> errors = new ArrayList<>();
        List<byte[]> outcomes = new ArrayList<>();
        int n = 0;
        for (TableReader.Row g : gold.rows()) {
            String id = g.get("filename").strip();
            boolean inTest = test.contains(id);
            if (split.equals("test") != inTest || !text.containsKey(id)) {
                continue;
            }
            n++;
            List<Integer> ours = given == null ? labeler.label(text.get(id)) : given.get(id);
            if (ours == null) {
                throw new IllegalArgumentException("no labels for report " + id);
            }
            byte[] outcome = new byte[names.size()];
            outcomes.add(outcome);
            for (int i = 0; i < names.size(); i++) {
                String gv = g.get(names.get(i));
                boolean goldPos = gv != null && (gv.strip().equals("1") || gv.strip().equals("-1"));
                Integer o = ours.get(i);
                boolean ourPos = o != null && (o == 1 || (o == -1 && uncertainPositive));
                if (goldPos) {
                    goldPositives[i]++;
                }
                if (o != null && o == -1) {
                    (goldPos ? hedgedGoldPositive : hedgedGoldNegative)[i]++;
                }
                outcome[i] = (byte) (goldPos && ourPos ? 1 : ourPos ? 2 : goldPos ? 3 : 0);
                if (goldPos && ourPos) {
                    tp[i]++;
                } else if (ourPos) {
                    fp[i]++;
                    if (collectErrors) {
                        errors.add("FP " + names.get(i) + " " + id + ": " + evidence(extractor, labeler.labelSet().labels().get(i), text.get(id)));
                    }
                } else if (goldPos) {
                    fn[i]++;
                    if (collectErrors) {
                        errors.add("FN " + names.get(i) + " " + id + ": " + text.get(id));
                    }
                }
            }
        }
        List<LabelScore> scores = new ArrayList<>();
        int stp = 0, sfp = 0, sfn = 0, atp = 0, afp = 0, afn = 0;
        double macro = 0;
        int withPos = 0;
        for (int i = 0; i < names.size(); i++) {
            LabelScore s = new LabelScore(names.get(i), tp[i], fp[i], fn[i]);
            scores.add(s);
            atp += tp[i];
            afp += fp[i];
            afn += fn[i];
            if (tp[i] + fn[i] > 0) {
                stp += tp[i];
                sfp += fp[i];
                sfn += fn[i];
                macro += s.f1();
                withPos++;
            }
        }
        double micro = 2.0 * stp / Math.max(1, 2 * stp + sfp + sfn);
        double microAll = 2.0 * atp / Math.max(1, 2 * atp + afp + afn);
        int uncertain = 0, uncertainGoldPos = 0, ceilTp = 0, ceilFp = 0;
        double ceilMacro = 0;
        for (int i = 0; i < names.size(); i++) {
            if (goldPositives[i] > 0) {
                uncertain += hedgedGoldPositive[i] + hedgedGoldNegative[i];
                uncertainGoldPos += hedgedGoldPositive[i];
                ceilTp += goldPositives[i];
                ceilFp += hedgedGoldNegative[i];
                ceilMacro += new LabelScore(names.get(i), goldPositives[i], hedgedGoldNegative[i], 0).f1();
            }
        }
        Hedges hedges = new Hedges(uncertain, uncertainGoldPos, 2.0 * ceilTp / Math.max(1, 2 * ceilTp + ceilFp),
                withPos == 0 ? 0 : ceilMacro / withPos);
        return new Result(n, scores, micro, withPos == 0 ? 0 : macro / withPos, microAll, errors, hedges, outcomes);
    }

    private static String evidence(ReportExtractor x, LabelSet.Label label, String text) {
        StringBuilder sb = new StringBuilder();
        x.extract(text).forEach((id, f) -> {
            if (label.entities().contains(id)) {
                f.mentions().forEach(m -> sb.append('[').append(m.status()).append(' ').append(id).append(": ")
                        .append(m.phrase()).append("] ").append(m.sentence()).append("  "));
            }
        });
        return sb.toString();
    }

    public static String format(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-20s %5s %5s %5s %7s%n", "label", "tp", "fp", "fn", "f1"));
        for (LabelScore s : r.labels()) {
            sb.append(String.format(Locale.ROOT, "%-20s %5d %5d %5d %7.4f%n", s.label(), s.tp(), s.fp(), s.fn(), s.f1()));
        }
        sb.append(String.format(Locale.ROOT, "reports %d  over labels with gold positives: micro F1 %.4f  macro F1 %.4f;  micro F1 over all 14 labels %.4f%n",
                r.reports(), r.microF1(), r.macroF1(), r.microF1All()));
        Hedges h = r.hedges();
        sb.append(String.format(Locale.ROOT, "hedged: %d report-labels read as uncertain, %d of them (%.0f%%) gold-positive;"
                        + " best possible with uncertain counted positive: micro F1 %.4f, macro F1 %.4f%n",
                h.uncertain(), h.goldPositive(), 100.0 * h.goldPositive() / Math.max(1, h.uncertain()),
                h.ceilingMicroF1(), h.ceilingMacroF1()));
        return sb.toString();
    }

    /** NegBio's test split: report ids ("CXR123"). */
    static Set<String> testIds() throws IOException {
        Set<String> test = new HashSet<>();
        for (String line : Files.readAllLines(SharedData.raw().resolve("negbio_openi/openi-testset.txt"))) {
            if (!line.isBlank()) {
                test.add(line.strip());
            }
        }
        return test;
    }

    /** Every IU X-ray report as findings + impression, by id ("CXR123"), in file order. */
    static Map<String, String> reportTexts() throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        for (TableReader.Row r : TableReader.read(SharedData.raw().resolve("iu_xray_kaggle/indiana_reports.csv"), "reports").rows()) {
            String findings = r.get("findings") == null ? "" : r.get("findings");
            String impression = r.get("impression") == null ? "" : r.get("impression");
            text.put("CXR" + r.get("uid").strip(), (findings + " " + impression).strip());
        }
        return text;
    }

    /** The split's reports as an {@code id,report} CSV, the input of {@code ./spec-cxr label}. */
    public static int exportReports(String split, Path csv) throws IOException {
        Set<String> test = testIds();
        Set<String> goldIds = new HashSet<>();
        TableReader.read(SharedData.raw().resolve("negbio_openi/openi_gld_std14.csv"), "gold").rows()
                .forEach(g -> goldIds.add(g.get("filename").strip()));
        StringBuilder sb = new StringBuilder(org.speccxr.util.Csv.row(List.of("id", "report")));
        int n = 0;
        for (Map.Entry<String, String> e : reportTexts().entrySet()) {
            if (split.equals("test") != test.contains(e.getKey()) || !goldIds.contains(e.getKey())) {
                continue;
            }
            sb.append(org.speccxr.util.Csv.row(List.of(e.getKey(), e.getValue())));
            n++;
        }
        Files.writeString(csv, sb.toString());
        return n;
    }

    /** A label CSV written by {@code ./spec-cxr label --labelset chestxray14}, by id, in the label set's order. */
    public static Map<String, List<Integer>> readLabels(Path csv) throws IOException {
        Map<String, List<Integer>> out = new HashMap<>();
        TableReader.Table t = TableReader.read(csv, "labels");
        List<String> names = LabelSet.named("chestxray14", EntitySetLoader.loadDefault()).labels().stream()
                .map(LabelSet.Label::label).toList();
        for (TableReader.Row r : t.rows()) {
            List<Integer> v = new ArrayList<>();
            for (String name : names) {
                String cell = r.get(name);
                v.add(cell == null || cell.isBlank() ? null : Integer.valueOf(cell.strip()));
            }
            out.put(r.get("id").strip(), v);
        }
        return out;
    }

    /**
     * Usage: OpenIGold [test|train] [errors|noerrors] [uncertain-negative|uncertain-positive] [interval]; OpenIGold
     * export SPLIT FILE.csv; OpenIGold score SPLIT LABELS.csv (labels from the CLI, scored with their -1 counted
     * positive and then negative). "interval" adds the 95% bootstrap interval over reports (2,000 draws, seed 1).
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("export")) {
            System.err.println("wrote " + exportReports(args[1], Path.of(args[2])) + " reports to " + args[2]);
            return;
        }
        if (args.length == 3 && args[0].equals("score")) {
            Map<String, List<Integer>> labels = readLabels(Path.of(args[2]));
            System.out.println("-1 counted positive:");
            System.out.print(format(run(args[1], false, true, labels)));
            System.out.println("-1 counted negative:");
            System.out.print(format(run(args[1], false, false, labels)));
            return;
        }
        String split = args.length > 0 ? args[0] : "test";
        boolean errors = args.length > 1 && args[1].equals("errors");
        boolean uncPos = !(args.length > 2 && args[2].equals("uncertain-negative"));
        Result r = run(split, errors, uncPos);
        if (errors) {
            Map<String, Integer> byKind = new HashMap<>();
            r.errors().forEach(e -> {
                System.out.println(e);
                byKind.merge(e.substring(0, e.indexOf(' ', 3)), 1, Integer::sum);
            });
        }
        System.out.print(format(r));
        if (List.of(args).contains("interval")) {
            Interval ci = interval(r, 2000, 1);
            System.out.printf(java.util.Locale.ROOT, "95%% bootstrap interval over reports (2,000 draws): micro F1 %.3f-%.3f, macro F1"
                    + " %.3f-%.3f; macro F1 reaches 0.90 in %.0f%% of draws%n", ci.microLow(), ci.microHigh(), ci.macroLow(),
                    ci.macroHigh(), 100 * ci.macroAtLeast90());
        }
    }
}
