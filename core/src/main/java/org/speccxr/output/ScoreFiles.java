package org.speccxr.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.score.Counts;
import org.speccxr.score.EntityScore;
import org.speccxr.score.GroupScore;
import org.speccxr.score.Macro;
import org.speccxr.score.ModelScores;
import org.speccxr.score.ReportScore;
import org.speccxr.score.Scorer;
import org.speccxr.score.Scores;
import org.speccxr.util.Csv;
import org.speccxr.util.Json;

import java.util.List;
import java.util.function.Function;

/** Renders scores as the CSV and JSON files users read. Pure functions from scores to text. */
public final class ScoreFiles {
    private ScoreFiles() {
    }

    public static final List<String> REPORT_COLUMNS = List.of("id", "model", "run", "error_count", "fp", "fn",
            "location_errors", "severity_errors", "comparison_errors", "tp", "tn", "weighted_errors");

    public static final List<String> ENTITY_COLUMNS = IntervalFields.columns(List.of("model", "entity", "name", "kind", "category", "group",
            "tp", "fp", "fn", "tn", "support", "f1", "location_accuracy", "location_n", "severity_accuracy", "severity_n",
            "comparison_accuracy", "comparison_errors"));

    public static final List<String> GROUP_COLUMNS = IntervalFields.columns(List.of("model", "group", "name", "entities", "tp", "fp", "fn", "tn",
            "support", "f1", "location_accuracy", "location_n", "severity_accuracy", "severity_n", "comparison_accuracy"));

    public static String reportScoresCsv(Scores s) {
        StringBuilder sb = new StringBuilder(Csv.row(REPORT_COLUMNS));
        for (ReportScore r : s.reports()) {
            sb.append(reportScoreRow(r));
        }
        return sb.toString();
    }

    /** One line of report_scores.csv (for writing it as records stream past). */
    public static String reportScoreRow(ReportScore r) {
        var e = r.errors();
        return Csv.row(List.of(r.id(), r.model(), r.run(), e.total(), e.fp(), e.fn(), e.locationErrors(),
                e.severityErrors(), e.comparisonErrors(), e.tp(), e.tn(), Csv.num(r.weightedErrors())));
    }

    public static String entityScoresCsv(Scores s) {
        StringBuilder sb = new StringBuilder(Csv.row(ENTITY_COLUMNS));
        for (ModelScores m : s.models()) {
            for (EntityScore e : m.entities()) {
                Counts c = e.counts();
                sb.append(Csv.row(IntervalFields.row(List.of(m.model(), e.entity().id(), e.entity().name(), e.entity().kind().label(),
                        e.entity().category(), e.entity().group(), c.tp(), c.fp(), c.fn(), c.tn(), c.support(),
                        Csv.num(c.f1()), Csv.num(c.locationAccuracy()), c.locationN(), Csv.num(c.severityAccuracy()),
                        c.severityN(), Csv.num(c.comparisonAccuracy()), c.comparisonAdding() + c.comparisonMissing()),
                        IntervalFields.of(s, m).entity(e.entity().id()))));
            }
        }
        return sb.toString();
    }

    public static String groupScoresCsv(Scores s) {
        StringBuilder sb = new StringBuilder(Csv.row(GROUP_COLUMNS));
        for (ModelScores m : s.models()) {
            for (GroupScore g : m.groups()) {
                Counts c = g.counts();
                sb.append(Csv.row(IntervalFields.row(List.of(m.model(), g.group().id(), g.group().name(), g.entities(), c.tp(), c.fp(), c.fn(), c.tn(),
                        c.support(), Csv.num(c.f1()), Csv.num(c.locationAccuracy()), c.locationN(),
                        Csv.num(c.severityAccuracy()), c.severityN(), Csv.num(c.comparisonAccuracy())),
                        IntervalFields.of(s, m).group(g.group().id()))));
            }
        }
        return sb.toString();
    }

    /** The per-model part of summary.json. */
    public static ObjectNode modelsJson(Scores s) {
        ObjectNode models = Json.MAPPER.createObjectNode();
        for (ModelScores m : s.models()) {
            ObjectNode o = models.putObject(m.model());
            o.put("pairs", m.pairs());
            ArrayNode runs = o.putArray("runs");
            m.runs().forEach(runs::add);
            o.put("mean_error_count", round(m.meanErrorCount()));
            o.put("mean_weighted_errors", round(m.meanWeightedErrors()));
            o.set("macro", macroJson(m.macro()));
            IntervalFields.putModel(o, IntervalFields.of(s, m));
            ObjectNode over = o.putObject("macro_over_runs");
            putMeanStd(over, "f1", m.macroByRun(), Macro::f1);
            putMeanStd(over, "location_accuracy", m.macroByRun(), Macro::locationAccuracy);
            putMeanStd(over, "severity_accuracy", m.macroByRun(), Macro::severityAccuracy);
            putMeanStd(over, "comparison_accuracy", m.macroByRun(), Macro::comparisonAccuracy);
            Counts t = m.totals();
            ObjectNode counts = o.putObject("counts");
            counts.put("tp", t.tp()).put("fp", t.fp()).put("fn", t.fn()).put("tn", t.tn());
            ObjectNode errors = o.putObject("errors");
            errors.put("fp", t.fp()).put("fn", t.fn()).put("location", t.locationNotAligned()).put("severity", t.severityNotAligned())
                    .put("adding_unmentioned_comparison", t.comparisonAdding())
                    .put("missing_mentioned_comparison", t.comparisonMissing());
            ArrayNode groups = o.putArray("groups");
            for (GroupScore g : m.groups()) {
                Counts c = g.counts();
                ObjectNode go = groups.addObject();
                go.put("group", g.group().id()).put("name", g.group().name()).put("entities", g.entities());
                go.put("tp", c.tp()).put("fp", c.fp()).put("fn", c.fn()).put("tn", c.tn()).put("support", c.support());
                putNum(go, "f1", c.f1());
                putNum(go, "location_accuracy", c.locationAccuracy());
                putNum(go, "severity_accuracy", c.severityAccuracy());
                putNum(go, "comparison_accuracy", c.comparisonAccuracy());
                IntervalFields.putMetrics(go, IntervalFields.of(s, m).group(g.group().id()));
            }
            o.put("warnings", m.warnings());
        }
        return models;
    }

    static ObjectNode macroJson(Macro m) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        putNum(o, "f1", m.f1());
        o.put("f1_entities", m.nF1());
        putNum(o, "location_accuracy", m.locationAccuracy());
        o.put("location_entities", m.nLocation());
        putNum(o, "severity_accuracy", m.severityAccuracy());
        o.put("severity_entities", m.nSeverity());
        putNum(o, "comparison_accuracy", m.comparisonAccuracy());
        o.put("comparison_entities", m.nComparison());
        return o;
    }

    private static void putMeanStd(ObjectNode o, String name, List<Macro> runs, Function<Macro, Double> f) {
        double[] ms = Scorer.meanStd(runs, f);
        ObjectNode x = o.putObject(name);
        putNum(x, "mean", Double.isNaN(ms[0]) ? null : ms[0]);
        putNum(x, "std", Double.isNaN(ms[1]) ? null : ms[1]);
    }

    static void putNum(ObjectNode o, String name, Double v) {
        if (v == null || v.isNaN()) {
            o.putNull(name);
        } else {
            o.put(name, round(v));
        }
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
