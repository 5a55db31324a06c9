package org.speccxr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.rules.Finding;
import org.speccxr.judge.rules.ReportExtractor;
import org.speccxr.judge.rules.RuleSet;
import org.speccxr.judge.rules.Severity;
import org.speccxr.judge.rules.SeverityWords;
import org.speccxr.judge.rules.Status;
import org.speccxr.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules judge against {@code synthetic-reports.yaml}: reports written for the project in the styles of MIMIC-CXR
 * and of report generators, each with the reading its writer expected (the regression file's format, negatives only
 * where a report names them). A style check, not a measure against radiologists: the writers knew the annotation
 * guide's conventions, and their text is cleaner than real reports. Presence is agreement on the entities either the
 * writer or the judge reads present (uncertain counts as present, as in the guide); side, severity and comparison
 * are compared on the entities both read present, side, device tip and severity where the writer gives one (the writers often
 * left out a grade or side that the report gives).
 * Usage: SyntheticReports [examples] [FILE] (FILE: another file of cases in the same format, instead of the bundled one)
 */
public final class SyntheticReports {
    static final String FILE = "synthetic-reports.yaml";
    private SyntheticReports() {
    }

    /** What one case's writer expects of one entity; sides in left/right, severity null when not given. */
    record Expected(boolean present, Set<String> sides, Set<String> tips, Severity severity, boolean comparison) {
    }

    /** Counts of agreement, each as agreed / compared. */
    record Result(int cases, int presenceAgreed, int presenceItems, int sideAgreed, int sideItems, int tipAgreed,
                  int tipItems, int severityAgreed, int severityItems, int comparisonAgreed, int comparisonItems,
                  List<String> disagreements) {
        double presence() {
            return presenceAgreed / (double) presenceItems;
        }
    }

    public static void main(String[] args) throws IOException {
        boolean examples = args.length > 0 && args[0].equals("examples");
        String file = args.length > (examples ? 1 : 0) ? args[examples ? 1 : 0] : null;
        ReportExtractor extractor = new ReportExtractor(EntitySetLoader.loadDefault(), RuleSet.loadDefault());
        Result r;
        try {
            if (file == null) {
                r = run(extractor);
            } else {
                try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(file))) {
                    r = run(extractor, in, file);
                }
            }
        } catch (IllegalArgumentException | java.nio.file.NoSuchFileException e) {
            System.err.println("synthetic: " + (e instanceof java.nio.file.NoSuchFileException ? "no such file: " : "") + e.getMessage());
            System.exit(1);
            return;
        }
        if (examples) {
            r.disagreements().forEach(System.out::println);
        }
        System.out.printf(Locale.ROOT, "%d synthetic reports: presence %.1f%% (%d of %d items either reads present), "
                        + "side %.1f%% (%d), device tip %.1f%% (%d), severity %.1f%% (%d), comparison %.1f%% (%d)%n", r.cases(),
                100 * r.presence(), r.presenceAgreed(), r.presenceItems(), pct(r.sideAgreed(), r.sideItems()), r.sideItems(),
                pct(r.tipAgreed(), r.tipItems()), r.tipItems(),
                pct(r.severityAgreed(), r.severityItems()), r.severityItems(),
                pct(r.comparisonAgreed(), r.comparisonItems()), r.comparisonItems());
    }

    private static double pct(int a, int n) {
        return n == 0 ? Double.NaN : 100.0 * a / n;
    }

    static Result run(ReportExtractor extractor) throws IOException {
        try (InputStream in = SyntheticReports.class.getResourceAsStream(FILE)) {
            return run(extractor, in, FILE);
        }
    }

    /** The cases read from {@code file}; {@code name} names it in errors. */
    static Result run(ReportExtractor extractor, InputStream file, String name) throws IOException {
        JsonNode root = Json.YAML.readTree(file);
        EntitySet set = EntitySetLoader.loadDefault();
        int cases = 0, pa = 0, pn = 0, sa = 0, sn = 0, ta = 0, tn = 0, va = 0, vn = 0, ca = 0, cn = 0;
        List<String> out = new ArrayList<>();
        for (JsonNode c : root.path("cases")) {
            cases++;
            String caseName = c.path("name").asText(), report = c.path("report").asText();
            String where = name + ", case '" + caseName + "'";
            Map<String, Finding> actual = extractor.extract(report);
            Set<String> ids = new TreeSet<>();
            c.path("expect").fieldNames().forEachRemaining(ids::add);
            ids.addAll(actual.keySet());
            for (String id : ids) {
                if (!set.contains(id)) {
                    throw new IllegalArgumentException(where + ": unknown entity id '" + id + "'");
                }
                Expected e = expected(c.path("expect").path(id), where + ", " + id);
                Finding f = actual.get(id);
                // an opacity the report names only as a more specific finding is that finding, as the judge scores it
                boolean judged = f != null && f.status() != Status.NEGATIVE && f.onlyExplaining().isEmpty();
                if (!e.present() && !judged) {
                    continue;
                }
                pn++;
                if (e.present() != judged) {
                    out.add(caseName + ": " + id + (judged ? " read present, the writer does not" : " expected present, not read"));
                    continue;
                }
                pa++;
                Set<String> sides = sides(f.sides());
                if (!e.sides().isEmpty()) {
                    sn++;
                    if (e.sides().equals(sides)) {
                        sa++;
                    } else {
                        out.add(caseName + ": " + id + " side " + e.sides() + " expected, " + sides + " read");
                    }
                }
                if (!e.tips().isEmpty()) {
                    tn++;
                    Set<String> tips = new TreeSet<>();
                    f.zones().stream().filter(z -> z.startsWith("tip:")).forEach(z -> tips.add(z.substring(4)));
                    if (e.tips().equals(tips)) {
                        ta++;
                    } else {
                        out.add(caseName + ": " + id + " tip " + e.tips() + " expected, " + tips + " read");
                    }
                }
                if (e.severity() != null) {
                    vn++;
                    if (e.severity().equals(f.severity())) {
                        va++;
                    } else {
                        out.add(caseName + ": " + id + " severity " + e.severity() + " expected, " + f.severity() + " read");
                    }
                }
                cn++;
                if (e.comparison() == f.comparison()) {
                    ca++;
                } else {
                    out.add(caseName + ": " + id + " comparison " + e.comparison() + " expected, " + f.comparison() + " read");
                }
            }
        }
        return new Result(cases, pa, pn, sa, sn, ta, tn, va, vn, ca, cn, out);
    }

    private static Expected expected(JsonNode v, String where) {
        if (v.isMissingNode()) {
            return new Expected(false, Set.of(), Set.of(), null, false);
        }
        String status = v.isTextual() ? v.asText() : v.path("status").asText();
        if (!Set.of("positive", "negative", "uncertain").contains(status)) {
            throw new IllegalArgumentException(where + ": status is positive, negative or uncertain, not '" + status + "'");
        }
        Set<String> sides = texts(v.path("side")), tips = texts(v.path("tip"));
        Severity severity = v.has("severity") ? SeverityWords.parse(v.path("severity").asText()) : null;
        if (v.has("severity") && severity == null) {
            throw new IllegalArgumentException(where + ": " + SeverityWords.hint() + ", not '" + v.path("severity").asText() + "'");
        }
        return new Expected(!status.equals("negative"), sides(sides), tips, severity, v.path("comparison").asBoolean(false));
    }

    /** A value or a list of values, as text. */
    private static Set<String> texts(JsonNode n) {
        Set<String> out = new TreeSet<>();
        (n.isArray() ? n : List.of(n)).forEach(x -> {
            if (!x.isMissingNode() && !x.isNull()) {
                out.add(x.asText());
            }
        });
        return out;
    }

    /** Sides as left and right: "both" and "bilateral" are the two. */
    private static Set<String> sides(Set<String> in) {
        Set<String> out = new TreeSet<>(in);
        if (out.remove("both") | out.remove("bilateral")) {
            out.addAll(List.of("left", "right"));
        }
        return out;
    }
}
