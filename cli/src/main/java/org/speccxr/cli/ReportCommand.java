package org.speccxr.cli;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.util.InputException;
import org.speccxr.io.PairReader;
import org.speccxr.io.VerdictIO;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.judge.ReportPair;
import org.speccxr.output.html.HtmlReport;
import org.speccxr.output.OutputWriter;
import org.speccxr.output.html.Charts;
import org.speccxr.output.html.AlignmentFile;
import org.speccxr.output.html.HtmlOptions;
import org.speccxr.run.Provenance;
import org.speccxr.score.Scorer;
import org.speccxr.score.Scores;
import org.speccxr.util.Hashing;
import org.speccxr.verdict.VerdictRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the HTML report (spider charts, entity table, report-level view, pair browser) from verdict "
                + "records, and optionally the charts as SVG and PNG files.")
public final class ReportCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--evaluations", required = true, paramLabel = "FILE", description = "evaluations.jsonl written by evaluate.")
    Path evaluations;

    @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "The HTML file to write.")
    Path out;

    @Option(names = "--entities", paramLabel = "SET", description = "Entity set: " + EntitySetArg.NAMES + ".")
    String entities;

    @Option(names = "--input", paramLabel = "PAIRS",
            description = "The pairs file that was evaluated (.csv or .jsonl), to show both reports in the pair browser.")
    Path input;

    @Option(names = "--charts", paramLabel = "DIR",
            description = "Also write each spider chart as DIR/<metric>.svg and DIR/<metric>.png (for papers and slides).")
    Path charts;

    @Option(names = "--low-support", defaultValue = "10", paramLabel = "N",
            description = "Mark scores resting on fewer than N cases as low support (default 10).")
    int lowSupport;

    @Option(names = "--allow-mixed", description = "Read a file that holds records of several judges or entity sets,"
            + " keeping them apart per judge and model (refused otherwise).")
    boolean allowMixed;

    @Override
    public Integer call() throws IOException {
        if (lowSupport < 0) {
            throw new UsageException("--low-support must be 0 or more (got " + lowSupport + ")");
        }
        if (Files.isDirectory(out)) {
            throw new InputException("--out " + out + " is a directory; give the HTML file to write, e.g. " + out.resolve("report.html"));
        }
        if (charts != null && Files.exists(charts) && !Files.isDirectory(charts)) {
            throw new InputException("--charts " + charts + " exists and is not a directory");
        }
        EntitySet set = EvaluationsFile.entitySet(entities, evaluations);
        VerdictIO.Contents contents = EvaluationsFile.read(evaluations, set, allowMixed, spec.commandLine().getErr());
        List<VerdictRecord> records = contents.records();
        HtmlOptions opts = HtmlOptions.NONE.lowSupport(lowSupport)
                .alignment(AlignmentFile.read(evaluations.toAbsolutePath().getParent()));
        String matched = "";
        if (input != null) {
            List<ReportPair> pairs = PairReader.read(input);
            Set<String> keys = new HashSet<>();
            records.forEach(r -> keys.add(r.model() + "\u0000" + r.id()));
            long hits = pairs.stream().filter(p -> keys.contains(p.model() + "\u0000" + p.id())).count();
            if (hits == 0) {
                throw new InputException("no pair of " + input + " matches an evaluated record by model and id; "
                        + "is it the file that was evaluated?");
            }
            opts = opts.pairs(pairs);
            matched = "; report texts for " + hits + " of " + keys.size() + " pairs";
        }
        Scores scores = Scorer.score(records, set);
        String judges = String.join(",", new TreeSet<>(records.stream().map(r -> r.judge() == null ? "unknown" : r.judge()).toList()));
        int runs = records.stream().mapToInt(VerdictRecord::run).max().orElse(1);
        Provenance prov = EvaluationsFile.provenance("report", contents.info(), set, judges, runs);
        OutputWriter.writeFile(out, HtmlReport.render(scores, records, prov, opts));
        String chartNote = "";
        if (charts != null) {
            List<Path> files = Charts.export(scores, charts);
            chartNote = "; " + files.size() + " chart files in " + charts;
        }
        spec.commandLine().getErr().println("spec-cxr: wrote " + out + " from " + records.size() + " records" + matched + chartNote);
        return 0;
    }
}
