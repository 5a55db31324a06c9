package org.speccxr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A property: for any pairs file, {@code score} on the records {@code evaluate} wrote gives the same score files,
 * byte for byte. Pair files are drawn at random (seeded) from sentences of our own writing: several models and runs,
 * empty reports, negations, sides, severities and comparisons, so every verdict value and the intervals take part.
 */
class ScoreReproducesEvaluateTest {
    static final String[] SENTENCES = {
            "Small right pleural effusion.", "Large left pleural effusion.", "No pleural effusion.",
            "Moderate cardiomegaly.", "Mild cardiomegaly, unchanged from the prior study.", "Heart size is normal.",
            "Left lower lobe consolidation.", "New right upper lobe consolidation.", "No pneumothorax.",
            "Small left apical pneumothorax.", "Possible right basilar atelectasis.", "Mild pulmonary edema.",
            "Endotracheal tube tip 4 cm above the carina.", "Stable small hiatal hernia.",
            "Degenerative changes of the thoracic spine.", "No acute cardiopulmonary process."};

    static String report(Random rnd) {
        int n = rnd.nextInt(5); // 0: an empty report
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(SENTENCES[rnd.nextInt(SENTENCES.length)]);
        }
        return String.join(" ", out);
    }

    static Path pairs(Path dir, long seed) throws IOException {
        Random rnd = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("id,model,reference,candidate"));
        int refs = 5 + rnd.nextInt(10);
        int models = 1 + rnd.nextInt(3);
        for (int r = 0; r < refs; r++) {
            String reference = report(rnd);
            for (int m = 0; m < models; m++) {
                lines.add("r" + r + ",model-" + m + ",\"" + reference + "\",\"" + report(rnd) + "\"");
            }
        }
        Path f = dir.resolve("pairs-" + seed + ".csv");
        Files.write(f, lines);
        return f;
    }

    @Test
    void scoreOnEvaluatesRecordsReproducesEveryScoreFile(@TempDir Path dir) throws IOException {
        for (long seed = 1; seed <= 6; seed++) {
            Path in = pairs(dir, seed);
            String runs = Long.toString(1 + seed % 3);
            Path out = dir.resolve("eval-" + seed);
            Cli.Result e = Cli.run("evaluate", "--input", in.toString(), "--out", out.toString(), "--runs", runs,
                    "--bootstrap", "50", "--bootstrap-seed", Long.toString(seed));
            assertThat(e.exit()).as("seed %d: %s", seed, e.err()).isZero();
            Path again = dir.resolve("score-" + seed);
            Cli.Result s = Cli.run("score", "--evaluations", out.resolve("evaluations.jsonl").toString(), "--out",
                    again.toString(), "--bootstrap", "50", "--bootstrap-seed", Long.toString(seed));
            assertThat(s.exit()).as("seed %d: %s", seed, s.err()).isZero();
            for (String f : List.of("report_scores.csv", "entity_scores.csv", "group_scores.csv")) {
                assertThat(Files.readString(again.resolve(f))).as("seed %d, %s", seed, f)
                        .isEqualTo(Files.readString(out.resolve(f)));
            }
            assertThat(Files.readAllLines(out.resolve("report_scores.csv"))).as("a row per pair and run")
                    .hasSize(1 + (int) (Files.readAllLines(in).size() - 1) * Integer.parseInt(runs));
        }
    }
}
