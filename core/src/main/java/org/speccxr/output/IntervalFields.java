package org.speccxr.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.score.Interval;
import org.speccxr.score.ModelScores;
import org.speccxr.score.ScoreIntervals;
import org.speccxr.score.ScoreIntervals.MetricIntervals;
import org.speccxr.score.ScoreIntervals.ModelIntervals;
import org.speccxr.score.Scores;
import org.speccxr.util.Csv;
import org.speccxr.util.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * How bootstrap intervals appear in the score files: extra CSV columns appended after the existing ones (empty
 * when there is no interval), and {@code {"lo", "hi"}} objects (null when none) in summary.json.
 */
final class IntervalFields {
    private IntervalFields() {
    }

    /** Columns appended to entity_scores.csv and group_scores.csv, in this order. */
    static final List<String> COLUMNS = List.of("f1_lo", "f1_hi", "location_accuracy_lo", "location_accuracy_hi",
            "severity_accuracy_lo", "severity_accuracy_hi", "comparison_accuracy_lo", "comparison_accuracy_hi");

    static List<String> columns(List<String> base) {
        List<String> out = new ArrayList<>(base);
        out.addAll(COLUMNS);
        return List.copyOf(out);
    }

    static ModelIntervals of(Scores s, ModelScores m) {
        ScoreIntervals si = s.intervals();
        return si == null ? ModelIntervals.NONE : si.model(m.model());
    }

    /** The row's cells followed by the interval cells. */
    static List<Object> row(List<?> cells, MetricIntervals ci) {
        List<Object> out = new ArrayList<>(cells);
        add(out, ci.f1());
        add(out, ci.locationAccuracy());
        add(out, ci.severityAccuracy());
        add(out, ci.comparisonAccuracy());
        return out;
    }

    private static void add(List<Object> out, Interval i) {
        out.add(i == null ? "" : Csv.num(i.lo()));
        out.add(i == null ? "" : Csv.num(i.hi()));
    }

    static void put(ObjectNode o, String name, Interval i) {
        if (i == null) {
            o.putNull(name);
        } else {
            o.putObject(name).put("lo", ScoreFiles.round(i.lo())).put("hi", ScoreFiles.round(i.hi()));
        }
    }

    static void putMetrics(ObjectNode o, MetricIntervals ci) {
        put(o, "f1_ci", ci.f1());
        put(o, "location_accuracy_ci", ci.locationAccuracy());
        put(o, "severity_accuracy_ci", ci.severityAccuracy());
        put(o, "comparison_accuracy_ci", ci.comparisonAccuracy());
    }

    /** The per-model interval fields of summary.json. */
    static void putModel(ObjectNode o, ModelIntervals ci) {
        put(o, "mean_error_count_ci", ci.meanErrorCount());
        put(o, "mean_weighted_errors_ci", ci.meanWeightedErrors());
        ObjectNode macro = o.putObject("macro_ci");
        put(macro, "f1", ci.macro().f1());
        put(macro, "location_accuracy", ci.macro().locationAccuracy());
        put(macro, "severity_accuracy", ci.macro().severityAccuracy());
        put(macro, "comparison_accuracy", ci.macro().comparisonAccuracy());
    }

    /** The top-level "bootstrap" object of summary.json: how the intervals were made ({resamples: 0} when off). */
    static ObjectNode settings(Scores s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        ScoreIntervals si = s.intervals();
        if (si == null) {
            o.put("resamples", 0);
            return o;
        }
        o.put("resamples", si.resamples()).put("seed", si.seed()).put("level", si.level())
                .put("unit", ScoreIntervals.UNIT).put("method", ScoreIntervals.METHOD);
        return o;
    }
}
