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
        MetamorphicGenerator gen = new MetamorphicGenerator(SET);
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < OWN.length; i++) {
            variants.addAll(gen.variants("own" + i, OWN[i], 1, 2));
        }
        assertThat(variants).extracting(v -> v.edits().get(0)).contains(EditKind.DELETE_FINDING, EditKind.NEGATE_FINDING,
                EditKind.ADD_FINDING, EditKind.SWAP_LATERALITY, EditKind.CHANGE_SEVERITY, EditKind.ADD_COMPARISON,
                EditKind.DROP_COMPARISON, EditKind.PARAPHRASE);
        MetamorphicSuite.Report r = MetamorphicSuite.run(new RulesJudge(SET), SET, variants, 2);
        System.out.print(r.format());
        // measured 0.948 (59 variants) and 5 of 5 paraphrases at 0; floors: 0.02 below, and one paraphrase missed
        assertThat(r.tauB()).as(r.format() + String.join("\n", r.misses())).isGreaterThanOrEqualTo(0.93);
        assertThat(r.paraphraseZeroRate()).as(r.format()).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void deniedHedgedOrRepeatedFindingsAreNeverEdited() {
        MetamorphicGenerator gen = new MetamorphicGenerator(SET);
        for (String report : List.of("No pneumothorax.", "Possible small left pleural effusion.",
                "Left pleural effusion or atelectasis.", "Small left pleural effusion. The effusion is unchanged.")) {
            assertThat(gen.variants("d", report, 1, 2)).as(report)
                    .allMatch(v -> v.edits().stream().allMatch(k -> k == EditKind.ADD_FINDING || k == EditKind.PARAPHRASE));
        }
        // a report comparing the whole study gets no comparison edit
        assertThat(gen.variants("w", "Small left pleural effusion. No interval change.", 1, 0))
                .noneMatch(v -> v.edits().contains(EditKind.ADD_COMPARISON) || v.edits().contains(EditKind.DROP_COMPARISON));
    }

    @Test
    void comparisonEditsComeFromTheVocabulary() {
        MetamorphicGenerator gen = new MetamorphicGenerator(SET);
        Variant add = gen.variants("a", "Small left pleural effusion.", 1, 0).stream()
                .filter(v -> v.edits().equals(List.of(EditKind.ADD_COMPARISON))).findFirst().orElseThrow();
        assertThat(add.candidate()).isEqualTo("Small left new pleural effusion.");
        Variant drop = gen.variants("b", "Small left pleural effusion, unchanged from prior.", 1, 0).stream()
                .filter(v -> v.edits().equals(List.of(EditKind.DROP_COMPARISON))).findFirst().orElseThrow();
        assertThat(drop.candidate()).isEqualTo("Small left pleural effusion.");
    }

    @Test
    void aReorderingKeepsASentenceAboutThePreviousOneRightAfterIt() {
        MetamorphicGenerator gen = new MetamorphicGenerator(SET);
        String report = "Streaky density at the right base. This may be atelectasis. Heart size is normal. No effusion.";
        for (int seed = 0; seed < 20; seed++) {
            for (Variant v : gen.variants("r" + seed, report, seed, 0)) {
                if (v.edits().contains(EditKind.PARAPHRASE)) {
                    assertThat(v.candidate().toLowerCase()).as(v.candidate()).contains("right base. this may be atelectasis");
                }
            }
        }
    }

    @Test
    void generatorIsDeterministic() {
        MetamorphicGenerator gen = new MetamorphicGenerator(SET);
        assertThat(gen.variants("x", OWN[3], 5, 3)).isEqualTo(gen.variants("x", OWN[3], 5, 3));
    }

    @Test
    void knownEditsProduceTheirErrorType() {
        MetamorphicGenerator gen = new MetamorphicGenerator(SET);
        List<Variant> vs = gen.variants("own0", OWN[0], 1, 0);
        Variant swap = vs.stream().filter(v -> v.edits().equals(List.of(EditKind.SWAP_LATERALITY))).findFirst().orElseThrow();
        assertThat(swap.candidate()).contains("Small left pleural effusion.");
        Variant sev = vs.stream().filter(v -> v.edits().equals(List.of(EditKind.CHANGE_SEVERITY))).findFirst().orElseThrow();
        assertThat(sev.candidate()).contains("Large right pleural effusion.");
    }

    /**
     * Real reports outside the OpenI test split (300, seed 7). Measured with the generator's own vocabulary (not the
     * judge's extraction): 1,570 variants, tau-b 0.976, 298 of 298 paraphrases at 0. Floors: 0.02 below each figure
     * (room for rules tuning), and 5 % fewer variants.
     */
    @Test
    void realReportsMeetTheBar() throws Exception {
        SharedData.require();
        MetamorphicSuite.Report r = MetamorphicBench.run(300, 7);
        System.out.print(r.format());
        assertThat(r.variants()).isGreaterThanOrEqualTo(1490);
        assertThat(r.tauB()).isGreaterThanOrEqualTo(0.955);
        assertThat(r.paraphraseZeroRate()).isGreaterThanOrEqualTo(0.98);
    }
}
