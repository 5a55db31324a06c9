package org.speccxr.stats.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.score.ScoreIntervals;
import org.speccxr.stats.Bootstrap;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Bootstrap speed on a ReXrank-sized evaluation: 2,360 reference ids x the 122-entity default set x 1,000
 * resamples, each record listing 8 entities. Run with {@code scripts/bench-bootstrap.sh} (JMH) or, for a quick
 * single figure, {@code java -cp ... org.speccxr.stats.bench.BootstrapBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class BootstrapBenchmark {
    @Param({"1", "3"})
    public int models;

    List<VerdictRecord> records;
    EntitySet set;

    @Setup
    public void setup() {
        set = EntitySetLoader.loadDefault();
        records = records(set, 2360, models, 8, 1);
    }

    @Benchmark
    public ScoreIntervals bootstrap1000() {
        return Bootstrap.intervals(records, set, 1000, 42);
    }

    /** Random verdicts: {@code perRecord} distinct entities per record, presence and attributes at random. */
    public static List<VerdictRecord> records(EntitySet set, int ids, int models, int perRecord, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> all = set.ids();
        Presence[] ps = Presence.values();
        Alignment[] as = Alignment.values();
        Comparison[] cs = Comparison.values();
        List<VerdictRecord> out = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            for (int i = 0; i < ids; i++) {
                List<EntityVerdict> vs = new ArrayList<>();
                java.util.Set<String> seen = new java.util.HashSet<>();
                while (vs.size() < perRecord) {
                    String e = all.get(r.nextInt(all.size()));
                    if (seen.add(e)) {
                        vs.add(new EntityVerdict(e, ps[r.nextInt(4)], as[r.nextInt(3)], as[r.nextInt(3)], cs[r.nextInt(3)]));
                    }
                }
                out.add(new VerdictRecord("id" + i, "model" + m, 1, "bench", vs, 0, List.of()));
            }
        }
        return out;
    }

    /** Quick figure without JMH: median wall time of 7 runs after 3 warm-ups. */
    public static void main(String[] args) {
        EntitySet set = EntitySetLoader.loadDefault();
        int models = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        List<VerdictRecord> recs = records(set, 2360, models, 8, 1);
        long[] t = new long[10];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            Bootstrap.intervals(recs, set, 1000, 42);
            t[i] = System.nanoTime() - s;
        }
        long[] measured = java.util.Arrays.copyOfRange(t, 3, t.length);
        java.util.Arrays.sort(measured);
        System.out.printf(java.util.Locale.ROOT, "bootstrap 2360 ids x %d model(s) x 122 entities x 1000 resamples: first %.0f ms, median %.0f ms (%d cores)%n",
                models, t[0] / 1e6, measured[measured.length / 2] / 1e6, Runtime.getRuntime().availableProcessors());
    }
}
