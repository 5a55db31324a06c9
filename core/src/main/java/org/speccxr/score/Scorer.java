package org.speccxr.score;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.Group;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.ErrorBreakdown;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Computes SPEC-CXR's entity-level and report-level scores from verdict records alone. It never knows which judge
 * ran. Records are normalised again on the way in (idempotent), so hand-edited or third-party records obey the
 * same rules as the judges' own.
 */
public final class Scorer {
    private Scorer() {
    }

    public static Scores score(List<VerdictRecord> records, EntitySet set) {
        Map<String, List<VerdictRecord>> byModel = new LinkedHashMap<>();
        for (VerdictRecord r : records) {
            byModel.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r);
        }
        List<ModelScores> models = new ArrayList<>();
        List<ReportScore> reports = new ArrayList<>();
        for (Map.Entry<String, List<VerdictRecord>> e : byModel.entrySet()) {
            models.add(scoreModel(e.getKey(), e.getValue(), set, reports));
        }
        return new Scores(models, reports);
    }

    private static ModelScores scoreModel(String model, List<VerdictRecord> records, EntitySet set, List<ReportScore> reports) {
        Map<String, Counts> pooled = newCounts(set);
        Map<Integer, Map<String, Counts>> perRun = new TreeMap<>();
        Set<String> ids = new LinkedHashSet<>();
        int warnings = 0;
        double errorSum = 0, weightedSum = 0;
        for (VerdictRecord r : records) {
            VerdictNormalizer.Result n = VerdictNormalizer.normalize(r.entities(), set);
            warnings += Math.max(r.warnings().size(), n.warnings().size());
            Map<String, Counts> runCounts = perRun.computeIfAbsent(r.run(), k -> newCounts(set));
            for (EntityVerdict v : n.entities()) {
                pooled.get(v.entity()).add(v);
                runCounts.get(v.entity()).add(v);
            }
            ErrorBreakdown b = ErrorBreakdown.of(n.entities());
            double weighted = weightedErrors(n.entities(), set);
            reports.add(new ReportScore(r.id(), r.model(), r.run(), b, weighted));
            errorSum += b.total();
            weightedSum += weighted;
            ids.add(r.id());
        }
        List<EntityScore> entityScores = new ArrayList<>();
        Counts totals = new Counts();
        for (Entity en : set.entities()) {
            Counts c = pooled.get(en.id());
            entityScores.add(new EntityScore(model, en, c));
            totals.addAll(c);
        }
        List<GroupScore> groupScores = new ArrayList<>();
        for (Group g : set.groups()) {
            Counts c = new Counts();
            List<Entity> members = set.inGroup(g.id());
            members.forEach(m -> c.addAll(pooled.get(m.id())));
            groupScores.add(new GroupScore(model, g, members.size(), c));
        }
        List<Macro> byRun = new ArrayList<>();
        perRun.values().forEach(m -> byRun.add(macro(m.values())));
        int n = records.size();
        return new ModelScores(model, ids.size(), new ArrayList<>(new TreeSet<>(perRun.keySet())), entityScores, groupScores,
                totals, macro(pooled.values()), byRun, n == 0 ? 0 : errorSum / n, n == 0 ? 0 : weightedSum / n, warnings);
    }

    /** Each error counts its entity's clinical weight. */
    public static double weightedErrors(List<EntityVerdict> entities, EntitySet set) {
        double sum = 0;
        for (EntityVerdict v : entities) {
            sum += ErrorBreakdown.errorsOf(v) * set.get(v.entity()).weight();
        }
        return sum;
    }

    private static Map<String, Counts> newCounts(EntitySet set) {
        Map<String, Counts> m = new LinkedHashMap<>();
        set.entities().forEach(e -> m.put(e.id(), new Counts()));
        return m;
    }

    public static Macro macro(Iterable<Counts> counts) {
        Mean f1 = new Mean(), loc = new Mean(), sev = new Mean(), cmp = new Mean();
        for (Counts c : counts) {
            f1.add(c.f1());
            loc.add(c.locationAccuracy());
            sev.add(c.severityAccuracy());
            cmp.add(c.comparisonAccuracy());
        }
        return new Macro(f1.mean(), f1.n, loc.mean(), loc.n, sev.mean(), sev.n, cmp.mean(), cmp.n);
    }

    /** Mean and sample standard deviation of a metric over runs, ignoring runs where it is undefined. */
    public static double[] meanStd(List<Macro> runs, Function<Macro, Double> metric) {
        double sum = 0, sq = 0;
        int n = 0;
        for (Macro m : runs) {
            Double v = metric.apply(m);
            if (v != null) {
                sum += v;
                sq += v * v;
                n++;
            }
        }
        if (n == 0) {
            return new double[]{Double.NaN, Double.NaN};
        }
        double mean = sum / n;
        double var = n > 1 ? Math.max(0, (sq - n * mean * mean) / (n - 1)) : 0;
        return new double[]{mean, Math.sqrt(var)};
    }

    private static final class Mean {
        double sum;
        int n;

        void add(Double v) {
            if (v != null) {
                sum += v;
                n++;
            }
        }

        Double mean() {
            return n == 0 ? null : sum / n;
        }
    }
}
