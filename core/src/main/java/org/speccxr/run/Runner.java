package org.speccxr.run;

import org.speccxr.entity.EntitySet;
import org.speccxr.judge.Judge;
import org.speccxr.judge.ReportPair;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a judge over a list of pairs and collects every record and failure: the in-memory form of
 * {@link Evaluator#evaluate}, for the commands and tests that work on a few thousand pairs at most (qualify, the
 * metamorphic suite). Streaming callers use the {@link Evaluator} itself.
 */
public final class Runner {
    private final Judge judge;
    private final EntitySet set;
    private final int runs;
    private final int concurrency;
    private final RunListener listener;

    public Runner(Judge judge, EntitySet set, int runs, int concurrency, RunListener listener) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.judge = judge;
        this.set = set;
        this.runs = runs;
        this.concurrency = concurrency;
        this.listener = listener == null ? RunListener.NONE : listener;
    }

    public Runner(Judge judge, EntitySet set, int runs, int concurrency) {
        this(judge, set, runs, concurrency, RunListener.NONE);
    }

    public Evaluation run(List<ReportPair> pairs) {
        List<VerdictRecord> records = new ArrayList<>(pairs.size() * runs);
        List<Failure> failures = new ArrayList<>();
        try (Evaluator ev = Evaluator.builder().entitySet(set).judge(judge).runs(runs).listener(listener)
                .concurrency(Math.max(1, Math.min(concurrency, pairs.size() * runs))).build()) {
            RunSummary s = ev.evaluate(pairs, records::add, failures::add);
            return new Evaluation(s.judge(), records, failures, s.usage(), s.calls(), s.cacheHits(), s.elapsedMillis());
        }
    }
}
