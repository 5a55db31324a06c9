package org.speccxr.judge.llm;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.ReportPair;
import org.speccxr.run.Evaluation;
import org.speccxr.run.Runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The runner's own overhead with the JVM warm (no start-up, no output files): the same pairs, concurrency and
 * stand-in delay as bench/llm-runner.sh, repeated in one JVM with the stand-in server in-process, cache off.
 * Usage: {@code WarmRunnerBench [PAIRS] [CONCURRENCY] [DELAY_MS] [PASSES]}.
 */
public final class WarmRunnerBench {
    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int conc = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long delay = args.length > 2 ? Long.parseLong(args[2]) : 250;
        int passes = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        StandInServer.noDelay(); // this benchmark's own JVM
        EntitySet set = EntitySetLoader.loadDefault();
        List<ReportPair> ps = new ArrayList<>();
        for (int i = 1; i <= pairs; i++) {
            ps.add(new ReportPair("w" + i, "bench", "Small right pleural effusion. Mild cardiomegaly. Study " + i + ".",
                    "Large left pleural effusion. No pneumothorax. Study " + i + "."));
        }
        double ideal = Math.ceil((double) pairs / conc) * delay / 1000.0;
        try (StandInServer server = new StandInServer(StandInServer.Wire.OPENAI, Duration.ofMillis(delay))) {
            JudgeOptions o = new JudgeOptions(server.baseUrl(), null, null, "positive", null, null, true, null, null, null,
                    k -> null);
            for (int pass = 1; pass <= passes; pass++) {
                long t0 = System.nanoTime();
                Evaluation ev;
                try (Judge j = LlmJudges.create("openai", "stand-in", o, set, null)) {
                    ev = new Runner(j, set, 1, conc).run(ps);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "warm pass %d: %.2f s for %d pairs (%.2fx ideal %.2f s)%s%n", pass, s,
                        ev.records().size(), s / ideal, ideal, pass == 1 ? " (cold JVM)" : "");
            }
        }
    }
}
