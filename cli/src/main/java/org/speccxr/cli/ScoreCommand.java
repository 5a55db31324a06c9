package org.speccxr.cli;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.io.VerdictIO;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.output.OutputWriter;
import org.speccxr.output.html.AlignmentFile;
import org.speccxr.output.html.HtmlOptions;
import org.speccxr.output.html.HtmlReport;
import org.speccxr.run.Provenance;
import org.speccxr.score.Scorer;
import org.speccxr.score.Scores;
import org.speccxr.util.Hashing;
import org.speccxr.verdict.VerdictRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Recompute every score file (and the HTML report) from verdict records alone.")
public final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--evaluations", required = true, paramLabel = "FILE", description = "evaluations.jsonl written by evaluate.")
    Path evaluations;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--entities", paramLabel = "SET", description = "Entity set: " + EntitySetArg.NAMES + ".")
    String entities;

    @Mixin
    BootstrapOptions bootstrap;

    @Override
    public Integer call() throws IOException {
        EntitySet set = EntitySetLoader.resolve(entities);
        List<VerdictRecord> records = VerdictIO.read(evaluations);
        VerdictIO.checkEntities(records, set, evaluations.toString(), System.err);
        Scores scores = bootstrap.apply(Scorer.score(records, set), records, set);
        String judges = String.join(",", new TreeSet<>(records.stream().map(r -> r.judge() == null ? "unknown" : r.judge()).toList()));
        int runs = records.stream().mapToInt(VerdictRecord::run).max().orElse(1);
        Provenance prov = Provenance.of("score", set, new JudgeInfo(judges, "", "", Map.of(), null), runs,
                evaluations.getFileName().toString(), Hashing.sha256(evaluations));
        Path evalOut = out.resolve("evaluations.jsonl");
        boolean sameFile = evalOut.toAbsolutePath().normalize().equals(evaluations.toAbsolutePath().normalize());
        OutputWriter.writeAll(out, records, !sameFile, scores, prov, OutputWriter.RunInfo.none());
        HtmlReport.write(out, scores, records, prov,
                HtmlOptions.NONE.alignment(AlignmentFile.read(evaluations.toAbsolutePath().getParent())));
        System.err.println("spec-cxr: scored " + records.size() + " records; wrote " + out);
        return 0;
    }
}
