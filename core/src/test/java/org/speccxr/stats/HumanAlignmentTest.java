package org.speccxr.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HumanAlignmentTest {
    @TempDir
    Path dir;

    @Test
    void perfectAgreementHasADegenerateInterval() throws Exception {
        StringBuilder s = new StringBuilder("id,model,run,error_count\n"), h = new StringBuilder("id,error_count\n");
        for (int i = 0; i < 30; i++) {
            s.append("p").append(i).append(",m,1,").append(i % 7).append('\n');
            h.append("p").append(i).append(',').append(i % 7 * 2 + 1).append('\n');
        }
        HumanAlignment.Result r = HumanAlignment.compute(write("s.csv", s), write("h.csv", h), 200, 1);
        assertThat(r.tauBMean()).isCloseTo(1, within(1e-12));
        assertThat(r.tauBCi().lo()).isCloseTo(1, within(1e-12));
        assertThat(r.tauBCi().hi()).isCloseTo(1, within(1e-12));
    }

    @Test
    void noisyAgreementIntervalBracketsTheEstimateAndIsSeeded() throws Exception {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        StringBuilder s = new StringBuilder("id,model,run,error_count\n"), h = new StringBuilder("id,error_count\n");
        for (int i = 0; i < 60; i++) {
            int truth = rnd.nextInt(6);
            h.append("p").append(i).append(',').append(truth).append('\n');
            for (int run = 1; run <= 2; run++) {
                s.append("p").append(i).append(",m,").append(run).append(',').append(truth + rnd.nextInt(4)).append('\n');
            }
        }
        Path sp = write("s.csv", s), hp = write("h.csv", h);
        HumanAlignment.Result r = HumanAlignment.compute(sp, hp, 500, 7);
        assertThat(r.runs()).hasSize(2);
        assertThat(r.tauBCi().lo()).isLessThan(r.tauBMean());
        assertThat(r.tauBCi().hi()).isGreaterThan(r.tauBMean());
        assertThat(HumanAlignment.compute(sp, hp, 500, 7).tauBCi()).isEqualTo(r.tauBCi());
        assertThat(HumanAlignment.compute(sp, hp, 0, 7).tauBCi()).isNull();
    }

    private Path write(String name, CharSequence text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
