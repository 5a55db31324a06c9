package org.speccxr.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KendallTauTest {

    @Test
    void tauBWithTiesMatchesAHandComputation() {
        // 28 pairs: concordant 22, discordant 0; ties only in x: 3 pairs, only in y: 3 pairs, both: 0.
        // tau_b = (C - D) / sqrt((C + D + Tx)(C + D + Ty)) = 22 / sqrt(25 * 25) = 0.88
        double[] x = {1, 2, 2, 3, 3, 4, 5, 5};
        double[] y = {1, 1, 2, 3, 2, 4, 5, 4};
        assertThat(KendallTau.tauB(x, y)).isCloseTo(0.88, within(1e-12));
    }

    @Test
    void tauBWithADiscordantPairAndJointTies() {
        // x = 1 1 2 3, y = 1 1 3 2: pairs (12) tied in both, (13) C, (14) C, (23) C, (24) C, (34) D.
        // C=4, D=1, n0=6, n1 (x ties)=1, n2 (y ties)=1: tau_b = 3 / sqrt(5 * 5) = 0.6
        assertThat(KendallTau.tauB(new double[]{1, 1, 2, 3}, new double[]{1, 1, 3, 2})).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void undefinedCasesAreNaN() {
        assertThat(KendallTau.tauB(new double[]{1}, new double[]{2})).isNaN();
        assertThat(KendallTau.tauB(new double[]{1, 1, 1}, new double[]{1, 2, 3})).isNaN();
    }
}
