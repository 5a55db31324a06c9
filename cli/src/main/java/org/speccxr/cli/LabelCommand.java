package org.speccxr.cli;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.entity.LabelSet;
import org.speccxr.util.InputException;
import org.speccxr.io.TableReader;
import org.speccxr.judge.rules.ReportExtractor;
import org.speccxr.judge.rules.RuleSet;
import org.speccxr.label.Labeler;
import org.speccxr.output.OutputWriter;
import org.speccxr.util.Csv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "label", mixinStandardHelpOptions = true,
        description = "Label single reports (1 positive, 0 negative, -1 uncertain, empty not mentioned) with the rules judge's extraction.")
public final class LabelCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Reports: .csv or .jsonl with fields id, report.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Output CSV: id then one column per label.")
    Path out;

    @Option(names = "--labelset", defaultValue = "spec-cxr", paramLabel = "NAME",
            description = "spec-cxr (one label per entity, default), chexpert or chestxray14.")
    String labelset;

    @Option(names = "--entities", paramLabel = "SET", description = "Entity set: " + EntitySetArg.NAMES + ".")
    String entities;

    @Option(names = "--rules", paramLabel = "FILE", description = "Rules YAML file (default: bundled).")
    Path rules;

    @Option(names = "--uncertain", defaultValue = "keep", paramLabel = "keep|positive|negative",
            description = "Uncertain mentions: keep -1 (default), or write them as 1 (U-Ones) or 0 (U-Zeros).")
    String uncertain;

    @Override
    public Integer call() {
        String policy = uncertain.toLowerCase(java.util.Locale.ROOT);
        if (!policy.matches("keep|positive|negative")) {
            throw new UsageException("--uncertain must be keep, positive or negative (got '" + uncertain + "')");
        }
        Integer uncertainAs = policy.equals("positive") ? Integer.valueOf(1) : policy.equals("negative") ? Integer.valueOf(0) : null;
        EntitySet set = EntitySetLoader.resolve(entities);
        LabelSet ls = LabelSet.named(labelset, set);
        RuleSet rs = rules == null ? RuleSet.loadDefault() : RuleSet.load(rules);
        Labeler labeler = new Labeler(new ReportExtractor(set, rs), ls);
        TableReader.Table t = TableReader.read(input, "input file");
        for (String c : List.of("id", "report")) {
            if (!t.columns().contains(c)) {
                throw new InputException("input file " + input + ": missing column '" + c + "' (found: " + String.join(", ", t.columns()) + ")");
            }
        }
        StringBuilder sb = new StringBuilder();
        List<Object> header = new ArrayList<>();
        header.add("id");
        ls.labels().forEach(l -> header.add(l.label()));
        sb.append(Csv.row(header));
        Set<String> ids = new HashSet<>();
        for (TableReader.Row r : t.rows()) {
            String id = r.get("id");
            if (id == null || id.isBlank()) {
                throw new InputException("input file " + input + " " + r.where() + ": empty id");
            }
            if (!ids.add(id.strip())) {
                throw new InputException("input file " + input + " " + r.where() + ": duplicate id '" + id.strip() + "'");
            }
            List<Object> row = new ArrayList<>();
            row.add(id.strip());
            for (Integer v : labeler.label(r.get("report"))) {
                row.add(v != null && v == -1 && uncertainAs != null ? uncertainAs : v);
            }
            sb.append(Csv.row(row));
        }
        OutputWriter.writeFile(out, sb.toString());
        spec.commandLine().getErr().println("spec-cxr: labelled " + t.rows().size() + " reports with " + ls.name() + "; wrote " + out);
        return 0;
    }
}
