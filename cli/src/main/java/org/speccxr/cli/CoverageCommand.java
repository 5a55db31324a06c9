package org.speccxr.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.rules.RuleSet;
import org.speccxr.output.OutputWriter;
import org.speccxr.stats.Coverage;
import org.speccxr.util.Csv;
import org.speccxr.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "coverage", mixinStandardHelpOptions = true,
        description = {"How much of each report an entity set can express (the paper's Table 2): which sentences the rules "
                + "extraction covers, and the share of reports fully covered. Give --entities several times to compare sets.",
                "A sentence is covered when the extraction finds at least one entity mention (positive, uncertain or "
                + "negative) or normal statement in it; INDICATION/HISTORY/TECHNIQUE/COMPARISON/EXAMINATION sentences are skipped."})
public final class CoverageCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Reports: .csv or .jsonl with id and report (a pairs file works too: its reference column is used).")
    Path input;

    @Option(names = "--entities", paramLabel = "SET", description = "Entity set: " + EntitySetArg.NAMES + "; repeat to compare sets.")
    List<String> entities = new ArrayList<>();

    @Option(names = "--column", paramLabel = "NAME", description = "Column holding the report text (default: report, else reference).")
    String column;

    @Option(names = "--rules", paramLabel = "FILE", description = "Rules YAML file (default: bundled).")
    Path rules;

    @Option(names = "--all-sections", description = "Also count sentences under INDICATION, HISTORY, TECHNIQUE, COMPARISON and EXAMINATION.")
    boolean allSections;

    @Option(names = "--show", defaultValue = "5", paramLabel = "N", description = "Print the N most frequent uncovered sentences per set (default 5).")
    int show;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Per-report results: .csv (one row per report and set) or .jsonl (with every sentence and its entities).")
    Path out;

    @Override
    public Integer call() {
        String fmt = out == null ? null : OutputWriter.format(out, "--out", "csv", "jsonl");
        List<String> names = entities.isEmpty() ? List.of("spec-cxr") : entities;
        Map<String, String> reports = ReportInput.read(input, column);
        RuleSet rs = rules == null ? RuleSet.loadDefault() : RuleSet.load(rules);
        StringBuilder csv = new StringBuilder(Csv.row(List.of("entity_set", "id", "sentences", "covered", "fully_covered", "uncovered_sentences")));
        StringBuilder jsonl = new StringBuilder();
        List<Coverage.Summary> summaries = new ArrayList<>();
        List<Map<String, Integer>> uncovered = new ArrayList<>();
        Set<String> labels = new LinkedHashSet<>();
        for (String name : names) {
            EntitySet set = EntitySetLoader.resolve(name);
            String label = EntitySetArg.label(name);
            if (!labels.add(label)) {
                label = label + "#" + labels.size();
                labels.add(label);
            }
            Coverage cov = new Coverage(set, rs, allSections);
            List<Coverage.ReportCoverage> results = new ArrayList<>();
            Map<String, Integer> missed = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : reports.entrySet()) {
                Coverage.ReportCoverage r = cov.report(e.getKey(), e.getValue());
                results.add(r);
                r.uncovered().forEach(s -> missed.merge(s, 1, Integer::sum));
                csv.append(Csv.row(List.of(label, r.id(), r.counted(), r.covered(), r.fullyCovered(), String.join(" | ", r.uncovered()))));
                if ("jsonl".equals(fmt)) {
                    jsonl.append(jsonLine(label, r)).append('\n');
                }
            }
            summaries.add(Coverage.summarise(label, set, results));
            uncovered.add(missed);
        }
        TextTable t = new TextTable("entity set", "entities", "reports", "fully covered", "sentences", "covered sentences");
        for (Coverage.Summary s : summaries) {
            t.add(s.entitySet(), s.entities(), s.measured(), s.fullyCovered() + " (" + pct(s.fullCoverage()) + ")",
                    s.sentences(), s.coveredSentences() + " (" + pct(s.sentenceCoverage()) + ")");
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %d reports%s%n", input, reports.size(),
                summaries.get(0).skippedSentences() > 0 ? String.format(Locale.ROOT, "; %d sentences under INDICATION/HISTORY/TECHNIQUE/COMPARISON/EXAMINATION skipped",
                        summaries.get(0).skippedSentences()) : ""));
        sb.append(t.render());
        for (int i = 0; i < summaries.size() && show > 0; i++) {
            List<Map.Entry<String, Integer>> top = new ArrayList<>(uncovered.get(i).entrySet());
            if (top.isEmpty()) {
                continue;
            }
            top.sort((x, y) -> Integer.compare(y.getValue(), x.getValue()));
            sb.append(String.format(Locale.ROOT, "%nmost frequent uncovered sentences (%s):%n", summaries.get(i).entitySet()));
            for (Map.Entry<String, Integer> e : top.subList(0, Math.min(show, top.size()))) {
                sb.append(String.format(Locale.ROOT, "  %4d  %s%n", e.getValue(), e.getKey()));
            }
        }
        spec.commandLine().getOut().print(sb);
        if (out != null) {
            OutputWriter.writeFile(out, "csv".equals(fmt) ? csv.toString() : jsonl.toString());
            spec.commandLine().getErr().println("spec-cxr: wrote " + out);
        }
        return 0;
    }

    private static String jsonLine(String set, Coverage.ReportCoverage r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("entity_set", set).put("id", r.id()).put("sentences", r.counted()).put("covered", r.covered()).put("fully_covered", r.fullyCovered());
        ArrayNode ss = o.putArray("detail");
        for (Coverage.Sentence s : r.sentences()) {
            ObjectNode x = ss.addObject();
            x.put("sentence", s.text()).put("section", s.section()).put("counted", s.counted()).put("covered", s.covered());
            ArrayNode es = x.putArray("entities");
            s.entities().forEach(es::add);
        }
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
