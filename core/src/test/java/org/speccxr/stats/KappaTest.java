package org.speccxr.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KappaTest {
    @Test
    void twoByTwoByHand() {
        // n = 50; po = (20 + 15) / 50 = 0.7; rows 25, 25; columns 30, 20; pe = 0.5*0.6 + 0.5*0.4 = 0.5
        // kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
        long[][] m = {{20, 5}, {10, 15}};
        assertThat(Kappa.agreement(m)).isCloseTo(0.7, within(1e-12));
        assertThat(Kappa.cohen(m)).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void threeByThreeByHand() {
        // n = 100; diagonal 25 + 20 + 15 = 60 -> po = 0.6
        // rows 40, 35, 25; columns 40, 35, 25 -> pe = 0.4*0.4 + 0.35*0.35 + 0.25*0.25 = 0.16 + 0.1225 + 0.0625 = 0.345
        // kappa = (0.6 - 0.345) / (1 - 0.345) = 0.255 / 0.655 = 0.389313...
        long[][] m = {{25, 10, 5}, {10, 20, 5}, {5, 5, 15}};
        assertThat(Kappa.agreement(m)).isCloseTo(0.6, within(1e-12));
        assertThat(Kappa.cohen(m)).isCloseTo(0.255 / 0.655, within(1e-12));
    }

    @Test
    void perfectChanceAndUndefined() {
        assertThat(Kappa.cohen(new long[][]{{5, 0}, {0, 5}})).isEqualTo(1.0);
        assertThat(Kappa.cohen(new long[][]{{25, 25}, {25, 25}})).isCloseTo(0, within(1e-12));
        assertThat(Kappa.cohen(new long[][]{{7, 0}, {0, 0}})).isNaN();
        assertThat(Kappa.cohen(new long[][]{{0, 0}, {0, 0}})).isNaN();
        assertThat(Kappa.agreement(new long[][]{{0}})).isNaN();
    }
}
