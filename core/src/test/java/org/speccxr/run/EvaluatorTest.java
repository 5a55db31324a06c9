package org.speccxr.run;

import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeException;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.judge.JudgeOutput;
import org.speccxr.judge.ReportPair;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluatorTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();

    /** A judge that answers pair "pN" with pleural effusion TP, fails ids starting with "bad", and lets tests hold pairs. */
    static final class ScriptedJudge implements Judge {
        final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public JudgeInfo info() {
            return new JudgeInfo("scripted", "scripted", "", Map.of(), null);
        }

        @Override
        public JudgeOutput judge(ReportPair pair, int run) throws JudgeException {
            calls.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                CountDownLatch hold = holds.get(pair.id());
                if (hold != null && !hold.await(30, TimeUnit.SECONDS)) {
                    throw new JudgeException("test latch never released");
                }
                if (pair.id().startsWith("bad")) {
                    throw new JudgeException("cannot judge " + pair.id());
                }
                if (pair.id().startsWith("boom")) {
                    throw new IllegalStateException("a bug");
                }
                return new JudgeOutput(List.of(EntityVerdict.of("pleural_effusion", Presence.TP),
                        EntityVerdict.of("pleural_effusion", Presence.TP)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JudgeException("interrupted");
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    static List<ReportPair> pairs(String... ids) {
        List<ReportPair> l = new ArrayList<>();
        for (String id : ids) {
            l.add(new ReportPair(id, "m", "r " + id, "c " + id));
        }
        return l;
    }

    @Test
    void recordsComeOutInInputOrderWhateverOrderTheyFinish() throws Exception {
        ScriptedJudge j = new ScriptedJudge();
        CountDownLatch first = new CountDownLatch(1);
        j.holds.put("p1", first);
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<RunSummary> summary = new AtomicReference<>();
        try (Evaluator ev = Evaluator.builder().entitySet(SET).judge(j).concurrency(4).build()) {
            Thread t = new Thread(() -> summary.set(ev.evaluate(pairs("p1", "p2", "p3", "p4"), r -> out.add(r.id()))));
            t.start();
            // p2..p4 finish while p1 is held; nothing may be handed over before p1
            while (j.calls.get() < 4) {
                Thread.onSpinWait();
            }
            assertThat(out).isEmpty();
            first.countDown();
            t.join();
        }
        assertThat(out).containsExactly("p1", "p2", "p3", "p4");
        assertThat(summary.get().records()).isEqualTo(4);
        assertThat(summary.get().status()).isEqualTo(RunSummary.Status.COMPLETED);
    }

    @Test
    void recordsAreNormalisedAndRunsFollowEachPair() {
        List<VerdictRecord> out = new ArrayList<>();
        try (Evaluator ev = Evaluator.builder().entitySet(SET).judge(new ScriptedJudge()).runs(2).concurrency(3).build()) {
            ev.evaluate(pairs("a", "b"), out::add);
        }
        assertThat(out).extracting(r -> r.id() + "/" + r.run()).containsExactly("a/1", "a/2", "b/1", "b/2");
        // the duplicate entry was merged by the normaliser, with a warning
        assertThat(out.get(0).entities()).hasSize(1);
        assertThat(out.get(0).warnings()).isNotEmpty();
    }

    @Test
    void failuresAreTypedResultsAndDoNotStopTheOthers() {
        List<String> ok = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        RunSummary s;
        try (Evaluator ev = Evaluator.builder().entitySet(SET).judge(new ScriptedJudge()).concurrency(2).build()) {
            s = ev.evaluate(pairs("p1", "bad1", "boom1", "p2"), r -> ok.add(r.id()), failed::add);
            assertThat(ev.judge(pairs("bad2").get(0))).isInstanceOf(Outcome.Failed.class);
            assertThat(ev.judge(pairs("p3").get(0)).recordOrNull()).isNotNull();
        }
        assertThat(ok).containsExactly("p1", "p2");
        assertThat(failed).extracting(Failure::id).containsExactly("bad1", "boom1");
        assertThat(failed.get(0).reason()).isEqualTo("cannot judge bad1");
        assertThat(failed.get(1).reason()).startsWith("internal error");
        assertThat(s.failures()).isEqualTo(2);
        assertThat(s.calls()).isEqualTo(4);
    }

    @Test
    void pairsAreReadLazilyOneWindowAhead() {
        AtomicLong pulled = new AtomicLong();
        AtomicLong maxAhead = new AtomicLong();
        AtomicLong handed = new AtomicLong();
        Iterable<ReportPair> endless = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pulled.get() < 10_000;
            }

            @Override
            public ReportPair next() {
                maxAhead.accumulateAndGet(pulled.incrementAndGet() - handed.get(), Math::max);
                return new ReportPair("p" + pulled.get(), "m", "x", "y");
            }
        };
        ScriptedJudge j = new ScriptedJudge();
        try (Evaluator ev = Evaluator.builder().entitySet(SET).judge(j).concurrency(2).window(16).build()) {
            RunSummary s = ev.evaluate(endless, r -> handed.incrementAndGet());
            assertThat(s.records()).isEqualTo(10_000);
        }
        assertThat(maxAhead.get()).isLessThanOrEqualTo(17);
        assertThat(j.maxInFlight.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void anInterruptCancelsTheRestAndKeepsWhatWasHandedOver() throws Exception {
        ScriptedJudge j = new ScriptedJudge();
        CountDownLatch never = new CountDownLatch(1);
        j.holds.put("p3", never);
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<RunSummary> summary = new AtomicReference<>();
        CountDownLatch twoHanded = new CountDownLatch(2);
        try (Evaluator ev = Evaluator.builder().entitySet(SET).judge(j).concurrency(2).build()) {
            Thread t = new Thread(() -> summary.set(ev.evaluate(pairs("p1", "p2", "p3", "p4", "p5"), r -> {
                out.add(r.id());
                twoHanded.countDown();
            })));
            t.start();
            assertThat(twoHanded.await(30, TimeUnit.SECONDS)).isTrue();
            t.interrupt();
            t.join();
            never.countDown();
        }
        assertThat(summary.get().status()).isEqualTo(RunSummary.Status.CANCELLED);
        assertThat(out).containsExactly("p1", "p2");
    }

    @Test
    void aCallersExecutorIsUsedAndTheConcurrencyBoundHolds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        ScriptedJudge j = new ScriptedJudge();
        List<String> ids = new ArrayList<>();
        try (Evaluator ev = Evaluator.builder().entitySet(SET).judge(j).concurrency(3).executor(pool).build()) {
            String[] names = new String[200];
            for (int i = 0; i < names.length; i++) {
                names[i] = "p" + i;
            }
            ev.evaluate(pairs(names), r -> ids.add(r.id()));
        } finally {
            pool.shutdown();
        }
        assertThat(ids).hasSize(200).startsWith("p0", "p1", "p2").endsWith("p199");
        assertThat(j.maxInFlight.get()).isLessThanOrEqualTo(3);
        assertThat(pool.isShutdown()).isTrue();
    }

    @Test
    void theEvaluatorIsSafeToShareBetweenThreads() throws Exception {
        ScriptedJudge j = new ScriptedJudge();
        List<Thread> threads = new ArrayList<>();
        AtomicInteger records = new AtomicInteger();
        try (Evaluator ev = Evaluator.builder().entitySet(SET).judge(j).concurrency(2).build()) {
            for (int t = 0; t < 4; t++) {
                int k = t;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 50; i++) {
                        if (ev.judge(new ReportPair("t" + k + "-" + i, "m", "a", "b")).recordOrNull() != null) {
                            records.incrementAndGet();
                        }
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
        }
        assertThat(records.get()).isEqualTo(200);
        assertThat(j.maxInFlight.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void aSpecBuildsAndClosesItsOwnJudge() {
        try (Evaluator ev = Evaluator.builder().judge("rules").build()) {
            VerdictRecord r = ev.judge(new ReportPair("1", "m", "Small right pleural effusion.",
                    "Large left pleural effusion.")).recordOrNull();
            assertThat(r).isNotNull();
            assertThat(r.judge()).isEqualTo("rules");
            assertThat(r.entities()).extracting(EntityVerdict::entity).contains("pleural_effusion");
            assertThat(ev.judgeInfo().parameters()).containsKey("rules_hash");
        }
    }
}
