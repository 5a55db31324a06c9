package org.speccxr.cli;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.util.InputException;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeFactory;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.ReportPair;
import org.speccxr.output.OutputWriter;
import org.speccxr.output.html.HtmlOptions;
import org.speccxr.output.html.HtmlReport;
import org.speccxr.output.EvaluationWriter;
import org.speccxr.output.html.PairSample;
import org.speccxr.run.Evaluator;
import org.speccxr.run.Failure;
import org.speccxr.run.RunSummary;
import org.speccxr.verdict.VerdictRecord;
import org.speccxr.run.Provenance;
import org.speccxr.score.Scores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Judge report pairs and write verdicts, entity-level and report-level scores, and an HTML report.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--input", paramLabel = "FILE",
            description = "Pairs: .csv or .tsv with a header, or .jsonl; fields id, reference, candidate, optional model.")
    Path input;

    @Option(names = "--references", paramLabel = "FILE",
            description = "Reference reports by id (.csv, .tsv, .jsonl, or .json: {id: text}, {id: [text]}, {id: {report: ...}}"
                    + " or a list of objects), joined with --candidates.")
    Path references;

    @Option(names = "--candidates", arity = "1..*", paramLabel = "[MODEL=]FILE",
            description = "Candidate reports by id, one file per model (same formats as --references); the model is"
                    + " named after the file's stem unless given.")
    List<String> candidates;

    @Option(names = "--id-column", paramLabel = "NAME",
            description = "Separate inputs: the id column (default: id, study_id or uid).")
    String idColumn;

    @Option(names = "--text-column", paramLabel = "NAME",
            description = "Separate inputs: the report text column or field (default: report or text).")
    String textColumn;

    @Option(names = "--allow-missing", description = "Separate inputs: skip and count ids present on one side only.")
    boolean allowMissing;

    @Spec
    CommandSpec spec;

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

    @Option(names = "--html-pairs", defaultValue = "2000", paramLabel = "N",
            description = "Pairs the HTML report's browser holds at most (default 2000: the worst, and a sample of the rest).")
    int htmlPairs;

    @Option(names = "--dry-run", description = "Print the number of LLM calls and estimated tokens, and stop.")
    boolean dryRun;

    @Option(names = "--batch", description = "OpenAI, Azure and Anthropic judges: send the pairs through the provider's"
            + " batch API (half price, results within 24 h), then write the outputs.")
    boolean batch;

    @Option(names = "--poll-interval", defaultValue = "60", paramLabel = "SECONDS",
            description = "--batch: seconds between polls of a running batch (default 60).")
    int pollInterval;

    @Override
    public Integer call() throws IOException {
        if (runs < 1) {
            throw new UsageException("--runs must be at least 1 (got " + runs + ")");
        }
        if (htmlPairs < 0) {
            throw new UsageException("--html-pairs must be 0 or more (got " + htmlPairs + ")");
        }
        if (concurrency != null && concurrency < 1) {
            throw new UsageException("--concurrency must be at least 1 (got " + concurrency + ")");
        }
        PairInput in = PairInput.of(input, references, candidates, idColumn, textColumn, allowMissing);
        JudgeOptions options = judgeOptions.options();
        judgeOptions.noteUnused(spec.commandLine().getErr());
        String judge = judgeOptions.spec();
        if (!dryRun) {
            org.speccxr.judge.llm.Prewarm.start(judge); // LLM judges: warm the request path while the set loads
        }
        EntitySet set = EntitySetLoader.resolve(entities);
        if (dryRun) {
            spec.commandLine().getOut().print(judgeOptions.dryRun(options, set, in.readAll(), runs));
            return 0;
        }
        // the judge first: a missing API key or a bad judge option stops before any work
        try (Judge j = batch ? BatchCommand.judgeInBatches(judge, options, set, input, runs, pollInterval, spec.commandLine().getErr())
                : JudgeFactory.create(judge, options, set)) {
            // every row is checked before any judging: a bad row at the end of a large file stops the run now
            PairInput.Checked file = in.check();
            file.notes().forEach(n -> spec.commandLine().getErr().println("spec-cxr: " + n));
            spec.commandLine().getErr().flush();
            int conc = concurrency != null ? concurrency : j.defaultConcurrency();
            boolean show = progress != null ? progress : Progress.stderrIsTerminal();
            Provenance prov = Provenance.of("evaluate", set, j.info(), runs, file.name(), file.sha256());
            PairSample sample = new PairSample(htmlPairs);
            RunSummary run;
            try (EvaluationWriter w = new EvaluationWriter(out, set, List.of(prov), true);
                 Evaluator ev = Evaluator.builder().entitySet(set).judge(j).runs(runs).concurrency(conc)
                         .listener(new Progress(file.pairs() * runs, show, spec.commandLine().getErr())).build();
                 org.speccxr.io.PairStream pairs = in.open()) {
                run = ev.evaluate(pairs, new Evaluator.Sink() {
                    @Override
                    public void record(ReportPair pair, VerdictRecord record) {
                        w.record(record);
                        sample.add(record, pair);
                    }

                    @Override
                    public void failure(ReportPair pair, Failure failure) {
                        w.failure(failure);
                    }
                });
                Scores scores = w.scores(bootstrap.resamples(), bootstrap.seed());
                w.finish(scores, prov, null, new OutputWriter.RunInfo(run.failures(), run.usage(), run.calls(),
                        run.cacheHits(), run.elapsedMillis()));
                HtmlReport.write(out, scores, sample, prov, HtmlOptions.NONE);
            }
            spec.commandLine().getErr().printf(Locale.ROOT, "spec-cxr: %d pairs x %d run(s) judged by %s in %.1f s; %d failed; wrote %s%n",
                    file.pairs(), runs, run.judge().spec(), run.elapsedMillis() / 1000.0, run.failures(), out);
            if (run.failures() > 0) {
                spec.commandLine().getErr().println("spec-cxr: " + run.failures() + " pair(s) failed and were not scored; see "
                        + out.resolve("failures.jsonl") + " and run again to retry them");
                return Main.EXIT_PARTIAL;
            }
            return 0;
        }
    }
}
