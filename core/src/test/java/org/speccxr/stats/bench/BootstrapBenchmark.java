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
import org.speccxr.stats.ModelComparison;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Bootstrap speed on a ReXrank-sized evaluation: 2,360 reference ids x the 122-entity default set x 1,000
 * resamples, each record listing 8 entities; and one paired comparison of two such models. Run with JMH
 * ({@code java -cp ... org.openjdk.jmh.Main BootstrapBenchmark}) or, for quick figures,
 * {@code java -cp ... org.speccxr.stats.bench.BootstrapBenchmark}; docs/statistics.md gives the class path command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class BootstrapBenchmark {
    @Param({"2"})
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
                out.add(VerdictNormalizer.toRecord("id" + i, "model" + m, 1, "bench", vs, set));
            }
        }
        return out;
    }

    @Benchmark
    public Object compare10000() {
        return models < 2 ? null : ModelComparison.compare(records, set, "model0", "model1", ModelComparison.Options.defaults());
    }

    /**
     * Quick figures without JMH: median wall and process CPU time of 7 runs after 3 warm-ups, for the bootstrap
     * (1 and 3 models) and for one compare (10,000 permutations + 1,000 bootstrap resamples).
     */
    public static void main(String[] args) {
        EntitySet set = EntitySetLoader.loadDefault();
        for (int models : new int[]{1, 3}) {
            List<VerdictRecord> recs = records(set, 2360, models, 8, 1);
            time(String.format(java.util.Locale.ROOT, "bootstrap, 2360 ids x %d model(s) x 122 entities x 1000 resamples", models),
                    () -> Bootstrap.intervals(recs, set, 1000, 42));
        }
        List<VerdictRecord> two = records(set, 2360, 2, 8, 1);
        time("compare, 2360 shared ids, 10000 permutations + 1000 bootstrap resamples",
                () -> ModelComparison.compare(two, set, "model0", "model1", ModelComparison.Options.defaults()));
    }

    private static void time(String what, Runnable r) {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long[] wall = new long[10], cpu = new long[10];
        for (int i = 0; i < wall.length; i++) {
            long c = os.getProcessCpuTime(), s = System.nanoTime();
            r.run();
            wall[i] = System.nanoTime() - s;
            cpu[i] = os.getProcessCpuTime() - c;
        }
        long[] w = java.util.Arrays.copyOfRange(wall, 3, wall.length), c = java.util.Arrays.copyOfRange(cpu, 3, cpu.length);
        java.util.Arrays.sort(w);
        java.util.Arrays.sort(c);
        System.out.printf(java.util.Locale.ROOT, "%s: first %.0f ms; median wall %.0f ms, CPU %.0f ms (%d cores, load %.1f)%n", what,
                wall[0] / 1e6, w[w.length / 2] / 1e6, c[c.length / 2] / 1e6, Runtime.getRuntime().availableProcessors(),
                os.getSystemLoadAverage());
    }
}
