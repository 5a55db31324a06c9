package org.speccxr.cli;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.entity.LabelSet;
import org.speccxr.io.ReportReader;
import org.speccxr.judge.rules.ReportExtractor;
import org.speccxr.judge.rules.RuleSet;
import org.speccxr.label.Labeler;
import org.speccxr.output.OutputWriter;
import org.speccxr.output.StreamedFile;
import org.speccxr.util.Csv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "label", mixinStandardHelpOptions = true,
        description = "Label single reports (1 positive, 0 negative, -1 uncertain, empty not mentioned) with the rules judge's extraction.")
public final class LabelCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Reports by id: .csv, .tsv, .jsonl, or .json ({id: text}, {id: [text]}, {id: {report: ...}} or a"
                    + " list of objects); fields id (or study_id, uid) and report (or text).")
    Path input;

    @Option(names = "--id-column", paramLabel = "NAME", description = "The id column (default: id, study_id or uid).")
    String idColumn;

    @Option(names = "--text-column", paramLabel = "NAME", description = "The report text column (default: report or text).")
    String textColumn;

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
        List<Object> header = new ArrayList<>();
        header.add("id");
        ls.labels().forEach(l -> header.add(l.label()));
        long n = 0;
        // streamed in and out: a temporary file moved into place at the end, so an archive needs no more memory than
        // a report, and a failed run leaves no half-written output
        try (ReportReader.Reports reports = ReportReader.open(input, "input file", new ReportReader.Columns(idColumn, textColumn));
             StreamedFile file = new StreamedFile(OutputWriter.prepareFile(out))) {
            file.write(Csv.row(header));
            for (ReportReader.Report r : reports) {
                List<Object> row = new ArrayList<>();
                row.add(r.id());
                for (Integer v : labeler.label(r.text())) {
                    row.add(v != null && v == -1 && uncertainAs != null ? uncertainAs : v);
                }
                file.write(Csv.row(row));
                n++;
            }
            file.commit();
        }
        spec.commandLine().getErr().println("spec-cxr: labelled " + n + " reports with " + ls.name() + "; wrote " + out);
        return 0;
    }
}
