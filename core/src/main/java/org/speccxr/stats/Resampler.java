package org.speccxr.stats;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Seeded, reproducible replicate streams. Replicate {@code r} always gets the same generator whatever the number
 * of threads, so results depend only on the seed; replicates run in parallel on the common pool.
 */
final class Resampler {
    private final long[] seeds;

    Resampler(int replicates, long seed) {
        seeds = new long[replicates];
        SplittableRandom root = new SplittableRandom(seed);
        for (int r = 0; r < replicates; r++) {
            seeds[r] = root.nextLong();
        }
    }

    SplittableRandom random(int replicate) {
        return new SplittableRandom(seeds[replicate]);
    }

    int replicates() {
        return seeds.length;
    }

    /** Runs {@code body} for every replicate, in parallel when there are enough of them. */
    void forEach(IntConsumer body) {
        IntStream s = IntStream.range(0, seeds.length);
        if (seeds.length >= 64) {
            s = s.parallel();
        }
        s.forEach(body);
    }

    /** Draws {@code n} cluster indices with replacement into {@code out}. */
    static void draw(SplittableRandom rnd, int n, int[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = rnd.nextInt(n);
        }
    }
}
