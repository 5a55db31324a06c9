package org.speccxr.run;

import org.speccxr.entity.EntitySet;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeException;
import org.speccxr.judge.JudgeOutput;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.TokenUsage;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a judge over pairs × runs with a bounded number in flight, normalises each answer into a
 * {@link VerdictRecord}, and keeps failures apart. Output order is input order then run, whatever the
 * completion order, so outputs are reproducible. Caching and retries are the judge's concern (decorators),
 * so this loop stays the same for every judge.
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

    private record Outcome(VerdictRecord record, Failure failure) {
    }

    public Evaluation run(List<ReportPair> pairs) {
        long start = System.nanoTime();
        int n = pairs.size() * runs;
        Outcome[] outcomes = new Outcome[n];
        AtomicLong calls = new AtomicLong();
        AtomicLong hits = new AtomicLong();
        AtomicReference<TokenUsage> usage = new AtomicReference<>(TokenUsage.NONE);
        String spec = judge.info().spec();
        RunListener bar = listener;
        bar.started(n);
        try {
            if (concurrency == 1 || n <= 1) {
                for (int i = 0; i < n; i++) {
                    outcomes[i] = one(pairs.get(i / runs), i % runs + 1, spec, calls, hits, usage, bar);
                }
            } else {
                ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, n), r -> {
                    Thread t = new Thread(r, "spec-cxr-judge");
                    t.setDaemon(true);
                    return t;
                });
                try {
                    List<Future<Outcome>> futures = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        ReportPair p = pairs.get(i / runs);
                        int run = i % runs + 1;
                        futures.add(pool.submit(() -> one(p, run, spec, calls, hits, usage, bar)));
                    }
                    for (int i = 0; i < n; i++) {
                        outcomes[i] = futures.get(i).get();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                } finally {
                    pool.shutdownNow();
                }
            }
        } finally {
            bar.finished();
        }
        List<VerdictRecord> records = new ArrayList<>(n);
        List<Failure> failures = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.record != null) {
                records.add(o.record);
            } else {
                failures.add(o.failure);
            }
        }
        return new Evaluation(judge.info(), records, failures, usage.get(), calls.get(), hits.get(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private Outcome one(ReportPair p, int run, String spec, AtomicLong calls, AtomicLong hits,
                        AtomicReference<TokenUsage> usage, RunListener bar) {
        try {
            JudgeOutput out = judge.judge(p, run);
            if (out.cached()) {
                hits.incrementAndGet();
            } else {
                calls.incrementAndGet();
            }
            usage.accumulateAndGet(out.usage(), TokenUsage::plus);
            bar.pairDone(true, out.usage().input() + out.usage().output(), out.cached());
            return new Outcome(VerdictNormalizer.toRecord(p.id(), p.model(), run, spec, out.entities(), set), null);
        } catch (JudgeException e) {
            calls.incrementAndGet();
            bar.pairDone(false, 0, false);
            return new Outcome(null, new Failure(p.id(), p.model(), run, e.getMessage()));
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            // A bug or an unexpected answer in one pair must not lose the others' results.
            calls.incrementAndGet();
            bar.pairDone(false, 0, false);
            return new Outcome(null, new Failure(p.id(), p.model(), run, "internal error: " + e));
        }
    }
}
