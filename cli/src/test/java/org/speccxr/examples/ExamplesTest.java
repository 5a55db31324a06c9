package org.speccxr.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Java example runs as written (as a single-file program, on the modules' class path). */
class ExamplesTest {
    @Test
    void theEmbeddingExampleRunsAndRewardsTheReferenceBest() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Path.of("..", "examples", "EmbedEvaluator.java").toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("reward 0 for: Small right pleural effusion. Mild cardiomegaly. No pneumothorax.")
                .contains("reward -2 for: Large left pleural effusion.").contains("300 records, 0 failed");
    }
}
