package org.speccxr.cli;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.util.InputException;
import org.speccxr.io.PairReader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeFactory;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.ReportPair;
import org.speccxr.output.OutputWriter;
import org.speccxr.output.html.HtmlOptions;
import org.speccxr.output.html.HtmlReport;
import org.speccxr.run.Evaluation;
import org.speccxr.run.Provenance;
import org.speccxr.run.Runner;
import org.speccxr.score.Scorer;
import org.speccxr.score.Scores;
import org.speccxr.util.Hashing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Judge report pairs and write verdicts, entity-level and report-level scores, and an HTML report.")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Pairs: .csv with a header or .jsonl; fields id, reference, candidate, optional model.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--entities", paramLabel = "SET", description = "Entity set: " + EntitySetArg.NAMES + ".")
    String entities;

    @Option(names = "--runs", defaultValue = "1", paramLabel = "N", description = "Judge each pair N times (default 1).")
    int runs;

    @Option(names = "--concurrency", paramLabel = "N", description = "Pairs judged at once (default: per judge).")
    Integer concurrency;

    @Option(names = "--progress", negatable = true, description = "Show progress on stderr (default: only when it is a terminal).")
    Boolean progress;

    @Mixin
    JudgeMixin judgeOptions;

    @Mixin
    BootstrapOptions bootstrap;

    @Option(names = "--dry-run", description = "Print the number of LLM calls and estimated tokens, and stop.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException {
        if (runs < 1) {
            throw new UsageException("--runs must be at least 1 (got " + runs + ")");
        }
        if (concurrency != null && concurrency < 1) {
            throw new UsageException("--concurrency must be at least 1 (got " + concurrency + ")");
        }
        JudgeOptions options = judgeOptions.options();
        judgeOptions.noteUnused(System.err);
        String judge = judgeOptions.spec();
        if (!dryRun) {
            org.speccxr.judge.llm.Prewarm.start(judge); // LLM judges: warm the request path while the set loads
        }
        EntitySet set = EntitySetLoader.resolve(entities);
        if (dryRun) {
            System.out.print(JudgeFactory.dryRun(judge, options, set, PairReader.read(input), runs));
            return 0;
        }
        // the judge first: a missing API key or a bad judge option stops before any work
        try (Judge j = JudgeFactory.create(judge, options, set)) {
            List<ReportPair> pairs = PairReader.read(input);
            String inputHash = Hashing.sha256(input);
            OutputWriter.prepare(out);
            int conc = concurrency != null ? concurrency : j.defaultConcurrency();
            boolean show = progress != null ? progress : Progress.stderrIsTerminal();
            Evaluation ev = new Runner(j, set, runs, conc, new Progress(0, show, System.err)).run(pairs);
            Scores scores = bootstrap.apply(Scorer.score(ev.records(), set), ev.records(), set);
            Provenance prov = Provenance.of("evaluate", set, ev.judge(), runs, input.getFileName().toString(), inputHash);
            OutputWriter.writeAll(out, ev.records(), true, scores, prov,
                    new OutputWriter.RunInfo(ev.failures(), ev.usage(), ev.calls(), ev.cacheHits(), ev.elapsedMillis()));
            HtmlReport.write(out, scores, ev.records(), prov, HtmlOptions.withPairs(pairs));
            System.err.printf(Locale.ROOT, "spec-cxr: %d pairs x %d run(s) judged by %s in %.1f s; %d failed; wrote %s%n",
                    pairs.size(), runs, ev.judge().spec(), ev.elapsedMillis() / 1000.0, ev.failures().size(), out);
            if (!ev.failures().isEmpty()) {
                System.err.println("spec-cxr: " + ev.failures().size() + " pair(s) failed and were not scored; see "
                        + out.resolve("failures.jsonl") + " and run again to retry them");
                return Main.EXIT_PARTIAL;
            }
            return 0;
        }
    }
}
