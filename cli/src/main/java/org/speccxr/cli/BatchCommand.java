package org.speccxr.cli;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.io.PairReader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeException;
import org.speccxr.judge.JudgeFactory;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.JudgeOutput;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.llm.BatchRun;
import org.speccxr.util.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code spec-cxr batch status|cancel|collect}: the batches {@code evaluate --batch} left running. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Batches left running by evaluate --batch: status (this judge's batches), cancel (the open ones),"
                + " collect (poll them until they end and store their answers in the cache).")
public final class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "status|cancel|collect", description = "What to do.")
    String action;

    @Mixin
    JudgeMixin judgeOptions;

    @Option(names = "--input", paramLabel = "FILE", description = "collect: the pairs the batches judge.")
    Path input;

    @Option(names = "--runs", defaultValue = "1", paramLabel = "N", description = "collect: the runs evaluate was given (default 1).")
    int runs;

    @Option(names = "--entities", paramLabel = "SET", description = "Entity set: " + EntitySetArg.NAMES + ".")
    String entities;

    @Option(names = "--poll-interval", defaultValue = "60", paramLabel = "SECONDS",
            description = "collect: seconds between polls (default 60).")
    int pollInterval;

    @Override
    public Integer call() throws IOException {
        String what = action.toLowerCase(Locale.ROOT);
        if (!what.matches("status|cancel|collect")) {
            throw new UsageException("batch takes status, cancel or collect (got '" + action + "')");
        }
        if (what.equals("collect") && input == null) {
            throw new UsageException("batch collect needs --input PAIRS: the pairs the batches judge");
        }
        checkPoll(pollInterval);
        JudgeOptions options = judgeOptions.options();
        JudgeFactory.Spec parsed = JudgeFactory.Spec.parse(judgeOptions.spec());
        EntitySet set = EntitySetLoader.resolve(entities);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (BatchRun run = BatchRun.open(parsed.provider(), parsed.model(), options, set,
                line -> err.println("spec-cxr: " + line), BatchCommand::sleep, Duration.ofSeconds(pollInterval))) {
            switch (what) {
                case "status" -> {
                    List<String> lines = run.status(true);
                    if (lines.isEmpty()) {
                        out.println("no batches for " + run.spec() + " in this cache");
                    }
                    lines.forEach(out::println);
                }
                case "cancel" -> {
                    List<String> cancelled = run.cancel();
                    out.println(cancelled.isEmpty() ? "no open batches for " + run.spec()
                            : "cancelling " + String.join(", ", cancelled) + "; their finished answers are kept by"
                            + " batch collect or evaluate --batch");
                }
                default -> {
                    BatchRun.Outcome o = run.run(PairReader.read(input), runs, false);
                    out.printf(Locale.ROOT, "collected %d answer(s) from %d batch(es); %d without one%n", o.answered(),
                            o.batches(), o.failures().size());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException("interrupted; run batch collect again to go on");
        }
        return 0;
    }

    static void checkPoll(int seconds) {
        if (seconds < 1) {
            throw new UsageException("--poll-interval must be at least 1 second (got " + seconds + ")");
        }
    }

    static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    /**
     * {@code evaluate --batch}: the pairs go through the batch API into the cache; the returned judge answers from
     * the cache and fails, with the batch's reason, the pairs that got no answer, calling nothing.
     */
    static Judge judgeInBatches(String judge, JudgeOptions options, EntitySet set, Path input, int runs, int pollInterval,
                                java.io.PrintWriter err) {
        checkPoll(pollInterval);
        JudgeFactory.Spec parsed = JudgeFactory.Spec.parse(judge);
        if (!parsed.provider().matches("openai|azure|anthropic")) {
            throw new UsageException("--batch works with openai:, azure: and anthropic: judges (got '" + judge + "')");
        }
        BatchRun run = BatchRun.open(parsed.provider(), parsed.model(), options, set, line -> {
            synchronized (err) {
                err.println("spec-cxr: " + line);
                err.flush();
            }
        }, BatchCommand::sleep, Duration.ofSeconds(pollInterval));
        try {
            List<ReportPair> pairs = PairReader.read(input);
            BatchRun.Outcome o = run.run(pairs, runs);
            err.printf(Locale.ROOT, "spec-cxr: batches done: %d request(s) submitted, %d re-submitted once, %d answered,"
                    + " %d without an answer%n", o.submitted(), o.resubmitted(), o.answered(), o.failures().size());
            Judge collected = run.collectedJudge(o.failures());
            return new Judge() {
                @Override
                public JudgeInfo info() {
                    return collected.info();
                }

                @Override
                public JudgeOutput judge(ReportPair pair, int r) throws JudgeException {
                    return collected.judge(pair, r);
                }

                @Override
                public void close() {
                    run.close();
                }
            };
        } catch (IOException e) {
            run.close();
            throw new InputException("batch API: " + e.getMessage() + " (the batches are recorded in the cache: run"
                    + " evaluate --batch again to go on, or spec-cxr batch status)");
        } catch (InterruptedException e) {
            run.close();
            Thread.currentThread().interrupt();
            throw new InputException("interrupted while polling; run evaluate --batch again to resume the batches");
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }
}
