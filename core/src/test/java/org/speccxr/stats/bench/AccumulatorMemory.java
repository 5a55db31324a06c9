package org.speccxr.stats.bench;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.score.ScoreAccumulator;
import org.speccxr.score.ScoreIntervals;
import org.speccxr.score.Scores;
import org.speccxr.stats.Bootstrap;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictNormalizer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Rough retained heap of a {@link ScoreAccumulator} per reference id: streams N records (default 1,000,000), each
 * with its own reference id and three verdicts, into an accumulator without keeping them, and prints the heap in
 * use after a full collection, before and after, per id; then bootstraps from the accumulator alone. Run under a
 * heap limit, e.g. {@code java -Xmx1g -cp ... org.speccxr.stats.bench.AccumulatorMemory 1000000 200}.
 */
public final class AccumulatorMemory {
    private AccumulatorMemory() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int resamples = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        EntitySet set = EntitySetLoader.loadDefault();
        List<String> ids = set.ids();
        SplittableRandom rnd = new SplittableRandom(1);
        long before = used();
        ScoreAccumulator acc = new ScoreAccumulator(set);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            List<EntityVerdict> vs = new ArrayList<>(3);
            for (int k = 0; k < 3; k++) {
                Presence p = Presence.values()[rnd.nextInt(3)]; // TP, FP or FN: TN would not be kept for the bootstrap
                vs.add(new EntityVerdict(ids.get(rnd.nextInt(ids.size())), p, Alignment.values()[rnd.nextInt(3)],
                        Alignment.values()[rnd.nextInt(3)], Comparison.values()[rnd.nextInt(3)]));
            }
            acc.add(VerdictNormalizer.toRecord(String.format("study-%07d", i), "model-a", 1, "bench", vs, set));
        }
        long addMs = (System.nanoTime() - t0) / 1_000_000;
        long after = used();
        System.out.printf("%,d records (distinct ids, 3 verdicts each) added in %,d ms; accumulator retains %,d bytes = %.0f bytes per reference id (max heap %,d MB)%n",
                n, addMs, after - before, (after - before) / (double) n, Runtime.getRuntime().maxMemory() >> 20);
        t0 = System.nanoTime();
        Scores s = acc.snapshot();
        System.out.printf("snapshot in %,d ms: mean error count %.4f, macro F1 %.4f%n", (System.nanoTime() - t0) / 1_000_000,
                s.models().get(0).meanErrorCount(), s.models().get(0).macro().f1());
        t0 = System.nanoTime();
        ScoreIntervals ci = Bootstrap.intervals(acc, resamples, 42);
        System.out.printf("bootstrap (%d resamples) from the tallies in %,d ms: mean error count %s; heap in use after %,d MB%n",
                resamples, (System.nanoTime() - t0) / 1_000_000, ci.model("model-a").meanErrorCount(), used() >> 20);
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
