package org.speccxr.run;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeException;
import org.speccxr.judge.JudgeFactory;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.JudgeOutput;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.TokenUsage;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The evaluator as a library: built once (entity set, judge, runs, concurrency), thread-safe, and used for as long
 * as the caller likes: {@link #judge(ReportPair)} for one pair (the call a reward function makes), or
 * {@link #evaluate} to stream any number of pairs through the judge. Records come out normalised, in input order
 * (then run order) whatever order the judge finished them in, through a bounded reorder buffer, so memory stays
 * flat however many pairs there are. Caching and retries are the judge's concern; this loop is the same for every
 * judge.
 *
 * <pre>{@code
 * try (Evaluator ev = Evaluator.builder().judge("rules").build()) {
 *     VerdictRecord r = ev.judge(new ReportPair("1", "my-model", reference, candidate)).recordOrNull();
 * }
 * }</pre>
 */
public final class Evaluator implements AutoCloseable {
    private final EntitySet set;
    private final Judge judge;
    private final boolean ownsJudge;
    private final int runs;
    private final int concurrency;
    private final int window;
    private final RunListener listener;
    private final Executor executor;
    private final ExecutorService ownPool;
    /** Bounds the pairs in flight across every caller of this evaluator. */
    private final Semaphore permits;
    private final LongSupplier nanoTime;

    private Evaluator(Builder b) {
        this.set = b.set != null ? b.set : EntitySetLoader.loadDefault();
        this.ownsJudge = b.judge == null;
        this.judge = b.judge != null ? b.judge : JudgeFactory.create(b.spec, b.options, set);
        this.runs = b.runs;
        this.concurrency = b.concurrency != null ? b.concurrency : judge.defaultConcurrency();
        this.window = b.window != null ? b.window : Math.max(64, concurrency * 8);
        this.listener = b.listener;
        this.permits = new Semaphore(concurrency);
        this.nanoTime = b.nanoTime;
        if (b.executor != null || concurrency == 1) {
            this.executor = b.executor;
            this.ownPool = null;
        } else {
            this.ownPool = Executors.newFixedThreadPool(concurrency, r -> {
                Thread t = new Thread(r, "spec-cxr-judge");
                t.setDaemon(true);
                return t;
            });
            this.executor = ownPool;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public EntitySet entitySet() {
        return set;
    }

    public JudgeInfo judgeInfo() {
        return judge.info();
    }

    public int runs() {
        return runs;
    }

    public int concurrency() {
        return concurrency;
    }

    /** Judges one pair (run 1) on the calling thread. */
    public Outcome judge(ReportPair pair) {
        return judge(pair, 1);
    }

    /** Judges one pair in one run on the calling thread; a failure is an {@link Outcome.Failed}, never an exception. */
    public Outcome judge(ReportPair pair, int run) {
        Objects.requireNonNull(pair, "pair");
        if (run < 1) {
            throw new IllegalArgumentException("run must be at least 1");
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Failed(new Failure(pair.id(), pair.model(), run, "cancelled"));
        }
        try {
            return judgeNow(pair, run);
        } finally {
            permits.release();
        }
    }

    /**
     * Where {@link #evaluate} hands its results with the pairs they came from, in input order, on the calling
     * thread. (Two methods, so a lambda means the plain-consumer forms.)
     */
    public interface Sink {
        void record(ReportPair pair, VerdictRecord record);

        void failure(ReportPair pair, Failure failure);
    }

    /** As {@link #evaluate(Iterable, Consumer, Consumer)}, with failures dropped (they are counted). */
    public RunSummary evaluate(Iterable<ReportPair> pairs, Consumer<VerdictRecord> records) {
        return evaluate(pairs, records, f -> {
        });
    }

    public RunSummary evaluate(Iterable<ReportPair> pairs, Consumer<VerdictRecord> records, Consumer<Failure> failures) {
        return evaluate(pairs, new Sink() {
            @Override
            public void record(ReportPair pair, VerdictRecord record) {
                records.accept(record);
            }

            @Override
            public void failure(ReportPair pair, Failure failure) {
                failures.accept(failure);
            }
        });
    }

    /**
     * Judges every pair {@link #runs()} times, {@link #concurrency()} at a time, and hands each record (and each
     * failure) to the sink on the calling thread, in input order then run order, with the pair it came from.
     * The pairs are read lazily, one window ahead of the oldest unfinished one. An interrupt of the calling thread
     * cancels the rest: the summary says CANCELLED, and what was handed over until then stands.
     */
    public RunSummary evaluate(Iterable<ReportPair> pairs, Sink sink) {
        long start = nanoTime.getAsLong();
        Tally tally = new Tally();
        listener.started(pairs instanceof Collection<?> c ? (long) c.size() * runs : -1);
        ArrayDeque<Pending> inFlight = new ArrayDeque<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        boolean interrupted = false;
        try {
            for (ReportPair p : pairs) {
                for (int run = 1; run <= runs; run++) {
                    if (executor == null) {
                        emit(p, tally.count(judgeNow(p, run)), sink, tally);
                        if (Thread.currentThread().isInterrupted()) {
                            throw new InterruptedException();
                        }
                        continue;
                    }
                    permits.acquire();
                    int r = run;
                    CompletableFuture<Outcome> f;
                    try {
                        f = CompletableFuture.supplyAsync(() -> {
                            try {
                                return cancelled.get() ? null : tally.count(judgeNow(p, r));
                            } finally {
                                permits.release();
                            }
                        }, executor);
                    } catch (RuntimeException rejected) {
                        permits.release();
                        throw rejected;
                    }
                    inFlight.add(new Pending(p, f));
                    while (!inFlight.isEmpty() && (inFlight.peek().future().isDone() || inFlight.size() >= window)) {
                        Pending head = inFlight.poll();
                        emit(head.pair(), await(head.future()), sink, tally);
                    }
                }
            }
            while (!inFlight.isEmpty()) {
                Pending head = inFlight.poll();
                emit(head.pair(), await(head.future()), sink, tally);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (!inFlight.isEmpty()) {
                cancelled.set(true);
                inFlight.forEach(f -> f.future().cancel(false));
            }
            listener.finished();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new RunSummary(judge.info(), interrupted ? RunSummary.Status.CANCELLED : RunSummary.Status.COMPLETED,
                tally.records.get(), tally.failures.get(), tally.usage.get(), tally.calls.get(), tally.hits.get(),
                (nanoTime.getAsLong() - start) / 1_000_000);
    }

    private static Outcome await(CompletableFuture<Outcome> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException | CompletionException | CancellationException e) {
            // judgeNow catches everything a judge throws; what is left is a bug of ours
            throw new IllegalStateException("judging task failed", e.getCause() == null ? e : e.getCause());
        }
    }

    /** A pair-run handed to the executor and not yet handed over. */
    private record Pending(ReportPair pair, CompletableFuture<Outcome> future) {
    }

    private void emit(ReportPair pair, Outcome o, Sink sink, Tally tally) {
        if (o instanceof Outcome.Judged j) {
            tally.records.incrementAndGet();
            sink.record(pair, j.record());
        } else if (o instanceof Outcome.Failed f) {
            tally.failures.incrementAndGet();
            sink.failure(pair, f.failure());
        }
    }

    private Outcome judgeNow(ReportPair p, int run) {
        Outcome o;
        try {
            JudgeOutput out = judge.judge(p, run);
            VerdictRecord r = VerdictNormalizer.toRecord(p.id(), p.model(), run, judge.info().spec(), out.entities(), set);
            o = new Outcome.Judged(r, out.usage(), out.cached());
            listener.pairDone(true, out.usage().input() + out.usage().output(), out.cached());
        } catch (JudgeException e) {
            o = new Outcome.Failed(new Failure(p.id(), p.model(), run, e.getMessage()));
            listener.pairDone(false, 0, false);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            // A bug or an unexpected answer in one pair must not lose the others' results.
            o = new Outcome.Failed(new Failure(p.id(), p.model(), run, "internal error: " + e));
            listener.pairDone(false, 0, false);
        }
        return o;
    }

    /** The counts of one evaluate call, added to from the judging threads. */
    private static final class Tally {
        final AtomicLong calls = new AtomicLong(), hits = new AtomicLong(), records = new AtomicLong(),
                failures = new AtomicLong();
        final AtomicReference<TokenUsage> usage = new AtomicReference<>(TokenUsage.NONE);

        Outcome count(Outcome o) {
            if (o instanceof Outcome.Judged j) {
                (j.cached() ? hits : calls).incrementAndGet();
                usage.accumulateAndGet(j.usage(), TokenUsage::plus);
            } else {
                calls.incrementAndGet();
            }
            return o;
        }
    }

    /** Closes the judge if this evaluator made it from a spec, and stops its own threads. */
    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.shutdownNow();
        }
        if (ownsJudge) {
            judge.close();
        }
    }

    /** Options for an {@link Evaluator}; everything has a default but the judge ({@code rules} when none is given). */
    public static final class Builder {
        private EntitySet set;
        private Judge judge;
        private String spec = "rules";
        private JudgeOptions options = JudgeOptions.defaults();
        private int runs = 1;
        private Integer concurrency;
        private Integer window;
        private Executor executor;
        private RunListener listener = RunListener.NONE;
        private LongSupplier nanoTime = System::nanoTime;

        private Builder() {
        }

        public Builder entitySet(EntitySet set) {
            this.set = Objects.requireNonNull(set);
            return this;
        }

        /** A judge the caller made and will close. */
        public Builder judge(Judge judge) {
            this.judge = Objects.requireNonNull(judge);
            return this;
        }

        /** A judge spec ({@code rules}, {@code openai:gpt-4o}...): the evaluator makes the judge and closes it. */
        public Builder judge(String spec) {
            this.spec = Objects.requireNonNull(spec);
            return this;
        }

        public Builder judgeOptions(JudgeOptions options) {
            this.options = Objects.requireNonNull(options);
            return this;
        }

        public Builder runs(int runs) {
            if (runs < 1) {
                throw new IllegalArgumentException("runs must be at least 1");
            }
            this.runs = runs;
            return this;
        }

        /** Pairs judged at once (default: the judge's own); 1 judges on the calling thread. */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1");
            }
            this.concurrency = concurrency;
            return this;
        }

        /** How many pair-runs may be judged or waiting to be handed over at once (default: 8 x concurrency, >= 64). */
        public Builder window(int window) {
            if (window < 1) {
                throw new IllegalArgumentException("window must be at least 1");
            }
            this.window = window;
            return this;
        }

        /** Threads to judge on (default: a pool of {@code concurrency} daemon threads owned by the evaluator). */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor);
            return this;
        }

        public Builder listener(RunListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** The clock that times runs (tests inject one). */
        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime);
            return this;
        }

        public Evaluator build() {
            return new Evaluator(this);
        }
    }
}
