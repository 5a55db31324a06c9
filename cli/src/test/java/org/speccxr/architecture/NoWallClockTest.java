package org.speccxr.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No test waits on the wall clock or asserts a duration: waits go through latches, request counters, browser events
 * or an injected sleeper, and time through an injected clock, so a loaded machine changes how long the suite takes,
 * not whether it passes. Timings belong in bench/. This reads every module's test sources.
 */
class NoWallClockTest {
    /** What a test must not do: sleep, park, read the wall clock, or assert on an elapsed time. */
    static final Map<String, Pattern> FORBIDDEN = Map.of(
            "sleeps", Pattern.compile("\\bThread\\.sleep\\(|\\bTimeUnit\\.\\w+\\.sleep\\(|\\bLockSupport\\.park(Nanos|Until)\\("),
            "reads the clock", Pattern.compile("\\bSystem\\.(currentTimeMillis|nanoTime)\\(\\)|\\bInstant\\.now\\(\\)"),
            "asserts a duration", Pattern.compile("assertThat\\([^;]*(elapsed|Elapsed|Duration\\.between|[mM]illisTaken)"));

    /**
     * Files that may, each for a reason: benchmarks that report timings (no assertion on them), and the stand-in's
     * latency for the runner benchmark (tests hold requests on latches instead).
     */
    static final Map<String, String> ALLOWED = Map.of(
            "core/src/test/java/org/speccxr/stats/bench/AccumulatorMemory.java", "benchmark main: prints how long adds take",
            "core/src/test/java/org/speccxr/stats/bench/BootstrapBenchmark.java", "JMH benchmark: measures wall and CPU time",
            "llm/src/test/java/org/speccxr/judge/llm/WarmRunnerBench.java", "benchmark main: times warm runner passes",
            "llm/src/test/java/org/speccxr/judge/llm/StandInServer.java",
            "--delay-ms latency for bench/llm-runner.sh (zero in every test) and arrival stamps it prints");

    static final Path ROOT = Path.of("..");

    @Test
    void noTestSleepsReadsTheClockOrAssertsADuration() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        for (String module : List.of("core", "llm", "report", "cli")) {
            Path tests = ROOT.resolve(module).resolve("src/test/java");
            List<Path> sources;
            try (Stream<Path> s = Files.walk(tests)) {
                sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            for (Path f : sources) {
                files++;
                String rel = ROOT.relativize(f).toString().replace('\\', '/');
                if (ALLOWED.containsKey(rel) || f.getFileName().toString().equals("NoWallClockTest.java")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    for (Map.Entry<String, Pattern> rule : FORBIDDEN.entrySet()) {
                        if (rule.getValue().matcher(lines.get(i)).find()) {
                            found.add(rel + ":" + (i + 1) + " " + rule.getKey() + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertThat(files).as("test sources read").isGreaterThan(50);
        assertThat(found).as("use a latch, a request counter, an injected sleeper or clock; timings go to bench/").isEmpty();
    }

    @Test
    void theRulesCatchWhatTheyAreFor() {
        assertThat(FORBIDDEN.get("sleeps").matcher("        Thread.sleep(300); // wait").find()).isTrue();
        assertThat(FORBIDDEN.get("sleeps").matcher("TimeUnit.MILLISECONDS.sleep(5);").find()).isTrue();
        assertThat(FORBIDDEN.get("reads the clock").matcher("long t0 = System.nanoTime();").find()).isTrue();
        assertThat(FORBIDDEN.get("asserts a duration").matcher("assertThat(elapsedMs).isLessThan(500);").find()).isTrue();
        assertThat(FORBIDDEN.get("sleeps").matcher("RetryPolicy p = new RetryPolicy(3, base, max, slept::add);").find()).isFalse();
        assertThat(FORBIDDEN.get("reads the clock").matcher("assertThat(latch.await(60, TimeUnit.SECONDS)).isTrue();").find()).isFalse();
    }

    @Test
    void everyAllowedFileExists() {
        assertThat(ALLOWED.keySet()).allSatisfy(f -> assertThat(ROOT.resolve(f)).isRegularFile());
    }
}
