package org.speccxr.output.html;

import org.speccxr.entity.Group;
import org.speccxr.util.InputException;
import org.speccxr.output.OutputWriter;
import org.speccxr.score.Counts;
import org.speccxr.score.GroupScore;
import org.speccxr.score.Macro;
import org.speccxr.score.ModelScores;
import org.speccxr.score.Scores;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The four Figure-4 charts (presence F1 and location, severity, comparison accuracy per display group). */
public final class Charts {
    private Charts() {
    }

    /** One spider chart's metric. */
    public enum Metric {
        PRESENCE_F1("presence_f1", "Presence F1 per group", "macro F1", Counts::f1, Macro::f1, Macro::nF1,
                "group not mentioned in any report"),
        LOCATION("location_accuracy", "Location accuracy per group", "macro location acc.", Counts::locationAccuracy,
                Macro::locationAccuracy, Macro::nLocation, "no TP with a judged location"),
        SEVERITY("severity_accuracy", "Severity accuracy per group", "macro severity acc.", Counts::severityAccuracy,
                Macro::severityAccuracy, Macro::nSeverity, "no TP with a judged severity"),
        COMPARISON("comparison_accuracy", "Comparison accuracy per group", "macro comparison acc.",
                Counts::comparisonAccuracy, Macro::comparisonAccuracy, Macro::nComparison, "no TP in the group");

        public final String id;
        public final String title;
        final String macroLabel;
        final Function<Counts, Double> value;
        final Function<Macro, Double> macro;
        final Function<Macro, Integer> macroN;
        final String missingWhy;

        Metric(String id, String title, String macroLabel, Function<Counts, Double> value, Function<Macro, Double> macro,
               Function<Macro, Integer> macroN, String missingWhy) {
            this.id = id;
            this.title = title;
            this.macroLabel = macroLabel;
            this.value = value;
            this.macro = macro;
            this.macroN = macroN;
            this.missingWhy = missingWhy;
        }

        String tip(Counts c) {
            return switch (this) {
                case PRESENCE_F1 -> "TP " + c.tp() + ", FP " + c.fp() + ", FN " + c.fn();
                case LOCATION -> c.locationAligned() + " of " + c.locationN() + " locations aligned";
                case SEVERITY -> c.severityAligned() + " of " + c.severityN() + " severities aligned";
                case COMPARISON -> c.comparisonOther() + " of " + c.tp() + " TP without comparison error";
            };
        }
    }

    /** The display groups of the scores, in the entity set's order. */
    public static List<Group> groups(Scores scores) {
        Map<String, Group> out = new LinkedHashMap<>();
        for (ModelScores m : scores.models()) {
            for (GroupScore g : m.groups()) {
                out.putIfAbsent(g.group().id(), g.group());
            }
        }
        return new ArrayList<>(out.values());
    }

    public static ChartData data(Scores scores, Metric metric) {
        List<Group> groups = groups(scores);
        List<String> axes = groups.stream().map(Group::name).toList();
        long[] freq = new long[groups.size()];
        List<ChartData.Series> series = new ArrayList<>();
        for (ModelScores m : scores.models()) {
            Double[] values = new Double[groups.size()];
            String[] tips = new String[groups.size()];
            for (GroupScore g : m.groups()) {
                int i = indexOf(groups, g.group().id());
                Counts c = g.counts();
                freq[i] += c.tp() + c.fp() + c.fn() + c.tn();
                Double v = metric.value.apply(c);
                values[i] = v == null || v.isNaN() ? null : Math.max(0, Math.min(1, v));
                tips[i] = m.model() + " \u00b7 " + g.group().name() + ": " + Html.num3(v) + " (" + metric.tip(c) + ")";
            }
            series.add(new ChartData.Series(m.model(), values, tips, metric.macro.apply(m.macro()),
                    metric.macroN.apply(m.macro())));
        }
        return new ChartData(metric.id, metric.title, metric.macroLabel, axes, series, freq, metric.missingWhy);
    }

    private static int indexOf(List<Group> groups, String id) {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalStateException("group " + id);
    }

    public static List<Scene> scenes(Scores scores) {
        List<Scene> out = new ArrayList<>();
        for (Metric m : Metric.values()) {
            out.add(SpiderChart.build(data(scores, m)));
        }
        return out;
    }

    /**
     * Writes each chart as {@code <metric>.svg} and {@code <metric>.png} (2x scale) into {@code dir}.
     *
     * @return the files written
     */
    public static List<Path> export(Scores scores, Path dir) {
        OutputWriter.prepare(dir);
        List<Path> written = new ArrayList<>();
        for (Metric m : Metric.values()) {
            Scene s = SpiderChart.build(data(scores, m));
            Path svg = dir.resolve(m.id + ".svg");
            OutputWriter.write(svg, SvgWriter.standalone(s));
            Path png = dir.resolve(m.id + ".png");
            writeBytes(png, PngWriter.png(s, 2));
            written.add(svg);
            written.add(png);
        }
        return written;
    }

    private static void writeBytes(Path file, byte[] bytes) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new InputException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
