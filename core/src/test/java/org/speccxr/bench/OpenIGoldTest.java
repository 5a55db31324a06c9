package org.speccxr.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression floors for the rules extraction on NegBio's OpenI test split (the README reports the exact figures).
 * The rules were tuned on the other 3,080 reports only.
 */
class OpenIGoldTest {

    @Test
    void testSplitAgreement() throws Exception {
        SharedData.require();
        OpenIGold.Result uncertainPositive = OpenIGold.run("test", false, true);
        OpenIGold.Result uncertainNegative = OpenIGold.run("test", false, false);
        System.out.print(OpenIGold.format(uncertainPositive));
        System.out.print(OpenIGold.format(uncertainNegative));
        assertThat(uncertainPositive.reports()).isEqualTo(771);
        assertThat(uncertainPositive.microF1()).isGreaterThanOrEqualTo(0.85);
        assertThat(uncertainPositive.macroF1()).isGreaterThanOrEqualTo(0.80);
        assertThat(uncertainNegative.microF1()).isGreaterThanOrEqualTo(0.90);
        assertThat(uncertainNegative.macroF1()).isGreaterThanOrEqualTo(0.85);
    }
}
