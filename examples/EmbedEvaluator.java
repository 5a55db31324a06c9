// The evaluator embedded in a JVM program: the rules judge as a per-sample reward, and streaming scores.
// Run it from the repository root after a build (./spec-cxr builds the jar on first use):
//   java -cp "$(ls cli/target/spec-cxr-cli-*-all.jar)" examples/EmbedEvaluator.java
// A library user depends on org.speccxr:spec-cxr-core alone for this (no LLM, database or HTML library).

import org.speccxr.judge.ReportPair;
import org.speccxr.run.Evaluator;
import org.speccxr.run.Outcome;
import org.speccxr.run.RunSummary;
import org.speccxr.score.ModelScores;
import org.speccxr.score.ScoreAccumulator;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.List;

public class EmbedEvaluator {
    public static void main(String[] args) {
        String reference = "Small right pleural effusion. Mild cardiomegaly. No pneumothorax.";
        List<String> samples = List.of(
                "Small right pleural effusion. Mild cardiomegaly. No pneumothorax.",    // the reference itself
                "Large left pleural effusion. Mild cardiomegaly.",                      // wrong side and size
                "No acute cardiopulmonary abnormality.");                                // misses both findings

        // Built once and shared: thread-safe, the judge loaded once.
        try (Evaluator evaluator = Evaluator.builder().judge("rules").build()) {
            // 1. A reward per sample, as a training loop would ask: higher is better (the negated error count).
            for (String sample : samples) {
                Outcome outcome = evaluator.judge(new ReportPair("study-1", "policy", reference, sample));
                VerdictRecord record = outcome.recordOrNull();
                System.out.println("reward " + (record == null ? "none" : -record.errorCount()) + " for: " + sample);
            }

            // 2. Many pairs streamed through the judge into running scores; a snapshot can be taken at any time.
            List<ReportPair> pairs = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                pairs.add(new ReportPair("study-" + i, "policy", reference, samples.get(i % samples.size())));
            }
            ScoreAccumulator scores = new ScoreAccumulator(evaluator.entitySet());
            RunSummary run = evaluator.evaluate(pairs, scores::add);
            ModelScores policy = scores.snapshot().models().get(0);
            System.out.printf("%d records, %d failed; mean errors %.2f; macro F1 %.3f over %d entities%n",
                    run.records(), run.failures(), policy.meanErrorCount(), policy.macro().f1(), policy.macro().nF1());
        }
    }
}
