package org.speccxr.metamorphic;

import org.junit.jupiter.api.Test;
import org.speccxr.bench.MetamorphicBench;
import org.speccxr.bench.SharedData;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.rules.RulesJudge;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MetamorphicTest {
    private static final EntitySet SET = EntitySetLoader.loadDefault();

    /** Reports of our own writing: the suite runs everywhere, with or without the shared data. */
    private static final String[] OWN = {
            "Small right pleural effusion. The heart is normal in size. No pneumothorax.",
            "Moderate cardiomegaly, unchanged from the prior study. Left lower lobe atelectasis. No pleural effusion.",
            "There is a large left pneumothorax. Left chest tube in place. Lungs otherwise clear.",
            "Mild pulmonary edema. Stable small bilateral pleural effusions. Endotracheal tube tip 5 cm above the carina.",
            "Right upper lobe consolidation. No pneumothorax. Heart size is normal.",
            "Calcified granuloma in the left upper lobe. Degenerative changes of the thoracic spine. No acute disease.",
            "Interval increase in the size of the right pleural effusion. Mild cardiomegaly. Sternotomy wires."};

    @Test
    void editsOnOwnReportsAreCountedAndParaphrasesScoreZero() {
        MetamorphicGenerator gen = new MetamorphicGenerator(new RulesJudge(SET).extractor());
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < OWN.length; i++) {
            variants.addAll(gen.variants("own" + i, OWN[i], 1, 2));
        }
        assertThat(variants).extracting(v -> v.edits().get(0)).contains(EditKind.DELETE_FINDING, EditKind.NEGATE_FINDING,
                EditKind.ADD_FINDING, EditKind.SWAP_LATERALITY, EditKind.CHANGE_SEVERITY, EditKind.ADD_COMPARISON,
                EditKind.DROP_COMPARISON, EditKind.PARAPHRASE);
        MetamorphicSuite.Report r = MetamorphicSuite.run(new RulesJudge(SET), SET, variants, 2);
        assertThat(r.tauB()).as(r.format() + String.join("\n", r.misses())).isGreaterThanOrEqualTo(0.8);
        assertThat(r.paraphraseZeroRate()).as(r.format()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void generatorIsDeterministic() {
        MetamorphicGenerator gen = new MetamorphicGenerator(new RulesJudge(SET).extractor());
        assertThat(gen.variants("x", OWN[3], 5, 3)).isEqualTo(gen.variants("x", OWN[3], 5, 3));
    }

    @Test
    void knownEditsProduceTheirErrorType() {
        MetamorphicGenerator gen = new MetamorphicGenerator(new RulesJudge(SET).extractor());
        List<Variant> vs = gen.variants("own0", OWN[0], 1, 0);
        Variant swap = vs.stream().filter(v -> v.edits().equals(List.of(EditKind.SWAP_LATERALITY))).findFirst().orElseThrow();
        assertThat(swap.candidate()).contains("Small left pleural effusion.");
        Variant sev = vs.stream().filter(v -> v.edits().equals(List.of(EditKind.CHANGE_SEVERITY))).findFirst().orElseThrow();
        assertThat(sev.candidate()).contains("Large right pleural effusion.");
    }

    /** The bar on real reports outside the OpenI test split: tau-b >= 0.80 and >= 90 % of paraphrases at 0. */
    @Test
    void realReportsMeetTheBar() throws Exception {
        assumeTrue(SharedData.available(), SharedData.MISSING);
        MetamorphicSuite.Report r = MetamorphicBench.run(300, 7);
        System.out.print(r.format());
        assertThat(r.variants()).isGreaterThan(1000);
        assertThat(r.tauB()).isGreaterThanOrEqualTo(0.80);
        assertThat(r.paraphraseZeroRate()).isGreaterThanOrEqualTo(0.90);
    }
}
