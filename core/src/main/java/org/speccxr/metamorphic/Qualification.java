package org.speccxr.metamorphic;

import org.speccxr.entity.EntitySet;
import org.speccxr.judge.Judge;
import org.speccxr.judge.ReportPair;
import org.speccxr.metamorphic.EditKind;
import org.speccxr.metamorphic.Variant;
import org.speccxr.run.Evaluation;
import org.speccxr.run.Failure;
import org.speccxr.run.Runner;
import org.speccxr.score.Interval;
import org.speccxr.stats.KendallTau;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.ErrorBreakdown;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictRecord;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judge qualification: judges metamorphic variants of the user's own reference reports (each variant is the
 * reference with known edits: a finding deleted, negated or added, sides swapped, a severity changed, comparison
 * language added or dropped, or a harmless paraphrase) and reports, per kind of edit, how often the judge catches
 * it, and how often paraphrases score zero.
 *
 * <p>The variants come from a pluggable {@link Generator}; the bundled one is the lead's
 * {@link org.speccxr.metamorphic.MetamorphicGenerator}.
 *
 * <p>Per single-edit variant:
 * <ul>
 *   <li><b>caught</b>: the judge reports the edit's error on the edited entity: FN for a deleted or negated
 *       finding, FP for an added one, a not-aligned location for swapped sides, a not-aligned severity for a changed
 *       severity, adding-unmentioned-comparison for added and missing-mentioned-comparison for dropped comparison
 *       language; for a paraphrase, caught means zero errors;</li>
 *   <li><b>any error</b>: the judge counts at least one error of the edit's type anywhere (looser);</li>
 *   <li><b>exact</b>: the report-level error count equals the number of edits (1; 0 for a paraphrase).</li>
 * </ul>
 * Rates come with 95% Wilson score intervals. Kendall's tau-b between edits made and errors counted is computed
 * over all variants, stacked (multi-edit) ones included.
 */
public final class Qualification {
    private Qualification() {
    }

    /** Makes variants of one reference report. Implementations must be deterministic for a given report. */
    public interface Generator {
        /** A short name for output. */
        String name();

        List<Variant> variants(String id, String reference);
    }

    /** @param editsCaught per edit of the variant, in order: whether the judge reported it on its target */
    public record VariantResult(Variant variant, ErrorBreakdown errors, boolean caught, boolean anyError, boolean exact,
                                List<Boolean> editsCaught, String failure) {
        public boolean judged() {
            return failure == null;
        }
    }

    public record KindResult(EditKind kind, int n, int caught, int anyError, int exact, double meanErrors) {
        public double caughtRate() {
            return n == 0 ? Double.NaN : (double) caught / n;
        }

        public Interval caughtCi() {
            return wilson(caught, n);
        }

        public double anyErrorRate() {
            return n == 0 ? Double.NaN : (double) anyError / n;
        }

        public double exactRate() {
            return n == 0 ? Double.NaN : (double) exact / n;
        }
    }

    /**
     * @param kinds        single-edit variants per kind of edit (paraphrase: caught = scored zero)
     * @param tauB         Kendall tau-b of edits made vs errors counted over all judged variants
     */
    public record Result(int reports, List<VariantResult> variants, Map<EditKind, KindResult> kinds, double tauB,
                         int failures) {
        public KindResult paraphrase() {
            return kinds.get(EditKind.PARAPHRASE);
        }
    }

    public static Result run(Judge judge, EntitySet set, int reports, List<Variant> variants, int concurrency,
                             org.speccxr.run.RunListener listener) {
        List<ReportPair> pairs = new ArrayList<>();
        for (Variant v : variants) {
            pairs.add(new ReportPair(v.id(), "qualify", v.reference(), v.candidate()));
        }
        Evaluation ev = new Runner(judge, set, 1, concurrency, listener).run(pairs);
        Map<String, VerdictRecord> byId = new HashMap<>();
        ev.records().forEach(r -> byId.put(r.id(), r));
        Map<String, String> failed = new HashMap<>();
        for (Failure f : ev.failures()) {
            failed.put(f.id(), f.reason());
        }
        return evaluate(reports, variants, byId, failed);
    }

    /** Scores judged variants; {@code records} by variant id (normalised records, as the Runner writes them). */
    static Result evaluate(int reports, List<Variant> variants, Map<String, VerdictRecord> records, Map<String, String> failed) {
        List<VariantResult> out = new ArrayList<>();
        Map<EditKind, int[]> tallies = new EnumMap<>(EditKind.class);
        Map<EditKind, Double> errorSums = new EnumMap<>(EditKind.class);
        List<double[]> xy = new ArrayList<>();
        int failures = 0;
        for (Variant v : variants) {
            VerdictRecord r = records.get(v.id());
            if (r == null) {
                failures++;
                out.add(new VariantResult(v, null, false, false, false, List.of(), failed.getOrDefault(v.id(), "not judged")));
                continue;
            }
            ErrorBreakdown b = ErrorBreakdown.of(r.entities());
            xy.add(new double[]{v.expectedErrors(), b.total()});
            boolean exact = b.total() == v.expectedErrors();
            boolean caught = true, any = true;
            List<Boolean> each = new ArrayList<>();
            for (int i = 0; i < v.edits().size(); i++) {
                EditKind k = v.edits().get(i);
                String target = i < v.targets().size() ? v.targets().get(i) : null;
                boolean c = caught(k, target, r, b);
                each.add(c);
                caught &= c;
                any &= anyError(k, b);
            }
            out.add(new VariantResult(v, b, caught, any, exact, List.copyOf(each), null));
            if (v.edits().size() == 1) {
                EditKind k = v.edits().get(0);
                int[] t = tallies.computeIfAbsent(k, x -> new int[4]);
                t[0]++;
                t[1] += caught ? 1 : 0;
                t[2] += any ? 1 : 0;
                t[3] += exact ? 1 : 0;
                errorSums.merge(k, (double) b.total(), Double::sum);
            }
        }
        Map<EditKind, KindResult> kinds = new EnumMap<>(EditKind.class);
        tallies.forEach((k, t) -> kinds.put(k, new KindResult(k, t[0], t[1], t[2], t[3], errorSums.get(k) / t[0])));
        double[] x = new double[xy.size()], y = new double[xy.size()];
        for (int i = 0; i < xy.size(); i++) {
            x[i] = xy.get(i)[0];
            y[i] = xy.get(i)[1];
        }
        return new Result(reports, out, kinds, KendallTau.tauB(x, y), failures);
    }

    /** The edit's own error on the edited entity (for a paraphrase: no error at all). */
    static boolean caught(EditKind k, String target, VerdictRecord r, ErrorBreakdown b) {
        if (k == EditKind.PARAPHRASE) {
            return b.total() == 0;
        }
        EntityVerdict v = null;
        for (EntityVerdict e : r.entities()) {
            if (e.entity().equals(target)) {
                v = e;
            }
        }
        if (v == null) {
            return false;
        }
        return switch (k) {
            case DELETE_FINDING, NEGATE_FINDING -> v.presence() == Presence.FN;
            case ADD_FINDING -> v.presence() == Presence.FP;
            case SWAP_LATERALITY -> v.presence() == Presence.TP && v.location() == Alignment.NOT_ALIGNED;
            case CHANGE_SEVERITY -> v.presence() == Presence.TP && v.severity() == Alignment.NOT_ALIGNED;
            case ADD_COMPARISON -> v.presence() == Presence.TP && v.comparison() == Comparison.ADDING_UNMENTIONED;
            case DROP_COMPARISON -> v.presence() == Presence.TP && v.comparison() == Comparison.MISSING_MENTIONED;
            case PARAPHRASE -> b.total() == 0;
        };
    }

    /** At least one error of the edit's type anywhere in the pair. */
    static boolean anyError(EditKind k, ErrorBreakdown b) {
        return k.errorCounted(b);
    }

    /** The 95% Wilson score interval of a binomial proportion; null when n is 0. */
    public static Interval wilson(int successes, int n) {
        if (n == 0) {
            return null;
        }
        double z = 1.959963984540054;
        double p = (double) successes / n;
        double z2 = z * z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denom;
        double half = z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
