package org.speccxr.cli;

import org.speccxr.entity.EntitySet;
import org.speccxr.io.VerdictIO;
import org.speccxr.output.EvaluationWriter;
import org.speccxr.output.html.PairSample;
import org.speccxr.output.OutputWriter;
import org.speccxr.output.html.AlignmentFile;
import org.speccxr.output.html.HtmlOptions;
import org.speccxr.output.html.HtmlReport;
import org.speccxr.run.Provenance;
import org.speccxr.score.Scores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Recompute every score file (and the HTML report) from verdict records alone.")
public final class ScoreCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--evaluations", required = true, paramLabel = "FILE", description = "evaluations.jsonl written by evaluate.")
    Path evaluations;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--entities", paramLabel = "SET", description = "Entity set: " + EntitySetArg.NAMES + ".")
    String entities;

    @Mixin
    BootstrapOptions bootstrap;

    @Option(names = "--allow-mixed", description = "Score a file that holds records of several judges or entity sets,"
            + " keeping their scores apart per judge and model (refused otherwise).")
    boolean allowMixed;

    @Override
    public Integer call() throws IOException {
        EntitySet set = EvaluationsFile.entitySet(entities, evaluations);
        Path evalOut = out.resolve("evaluations.jsonl");
        boolean sameFile = evalOut.toAbsolutePath().normalize().equals(evaluations.toAbsolutePath().normalize());
        PairSample sample = new PairSample();
        Set<String> judges = new TreeSet<>();
        int[] runs = {1};
        try (EvaluationWriter w = new EvaluationWriter(out, set, List.of(), !sameFile)) {
            VerdictIO.FileInfo info = VerdictIO.stream(evaluations, set, allowMixed, w::header, r -> {
                w.record(r);
                sample.add(r, null);
                judges.add(r.judge() == null ? "unknown" : r.judge());
                runs[0] = Math.max(runs[0], r.run());
            });
            EvaluationsFile.printNotes(info, spec.commandLine().getErr());
            Scores scores = w.scores(bootstrap.resamples(), bootstrap.seed());
            Provenance prov = EvaluationsFile.provenance("score", info, set, String.join(",", judges), runs[0]);
            w.finish(scores, prov, EvaluationsFile.scoring("score", info), OutputWriter.RunInfo.none());
            HtmlReport.write(out, scores, sample, prov,
                    HtmlOptions.NONE.alignment(AlignmentFile.read(evaluations.toAbsolutePath().getParent())));
            spec.commandLine().getErr().println("spec-cxr: scored " + info.records() + " records; wrote " + out);
        }
        return 0;
    }
}
