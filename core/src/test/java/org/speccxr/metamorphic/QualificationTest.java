package org.speccxr.metamorphic;

import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeException;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.judge.JudgeOutput;
import org.speccxr.judge.ReportPair;
import org.speccxr.judge.rules.RulesJudge;
import org.speccxr.metamorphic.EditKind;
import org.speccxr.metamorphic.MetamorphicGenerator;
import org.speccxr.metamorphic.Variant;
import org.speccxr.score.Interval;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class QualificationTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();

    /** A judge that answers from a table keyed by candidate text; anything else: no entities (a miss). */
    static Judge canned(Map<String, List<EntityVerdict>> answers) {
        return new Judge() {
            @Override
            public JudgeInfo info() {
                return new JudgeInfo("canned", "canned", "", Map.of(), null);
            }

            @Override
            public JudgeOutput judge(ReportPair pair, int run) throws JudgeException {
                if (pair.candidate().equals("boom")) {
                    throw new JudgeException("boom");
                }
                return new JudgeOutput(answers.getOrDefault(pair.candidate(), List.of()));
            }
        };
    }

    static Variant variant(String id, String cand, EditKind kind, String target) {
        return new Variant(id, "ref", cand, List.of(kind), target == null ? List.of() : List.of(target));
    }

    @Test
    void caughtMeansTheEditsErrorOnItsEntity() {
        EntityVerdict tpLoc = new EntityVerdict("pleural_effusion", Presence.TP, Alignment.NOT_ALIGNED, Alignment.ALIGNED, Comparison.OTHER);
        EntityVerdict tpCmp = new EntityVerdict("pleural_effusion", Presence.TP, Alignment.ALIGNED, Alignment.ALIGNED, Comparison.MISSING_MENTIONED);
        List<Variant> vs = List.of(
                variant("a", "deleted", EditKind.DELETE_FINDING, "pleural_effusion"),          // FN on target: caught
                variant("b", "added-wrong", EditKind.ADD_FINDING, "rib_fracture"),             // FP on another entity: any, not caught
                variant("c", "swapped", EditKind.SWAP_LATERALITY, "pleural_effusion"),         // location error: caught
                variant("d", "dropped", EditKind.DROP_COMPARISON, "pleural_effusion"),        // missing-mentioned: caught
                variant("e", "added-cmp", EditKind.ADD_COMPARISON, "pleural_effusion"),       // wrong direction: not caught
                variant("f", "para", EditKind.PARAPHRASE, null),                               // no error: caught
                variant("g", "para-bad", EditKind.PARAPHRASE, null),                           // an error: not caught
                variant("h", "boom", EditKind.DELETE_FINDING, "pleural_effusion"));            // judge failure
        Judge j = canned(Map.of(
                "deleted", List.of(EntityVerdict.of("pleural_effusion", Presence.FN)),
                "added-wrong", List.of(EntityVerdict.of("other_fracture", Presence.FP)),
                "swapped", List.of(tpLoc),
                "dropped", List.of(tpCmp),
                "added-cmp", List.of(tpCmp),
                "para", List.of(EntityVerdict.of("pleural_effusion", Presence.TP)),
                "para-bad", List.of(EntityVerdict.of("pleural_effusion", Presence.FN))));
        Qualification.Result r = Qualification.run(j, SET, 1, vs, 1, org.speccxr.run.RunListener.NONE);
        assertThat(r.failures()).isEqualTo(1);
        Map<EditKind, Qualification.KindResult> k = r.kinds();
        assertThat(k.get(EditKind.DELETE_FINDING).n()).isEqualTo(1);
        assertThat(k.get(EditKind.DELETE_FINDING).caught()).isEqualTo(1);
        assertThat(k.get(EditKind.ADD_FINDING).caught()).isZero();
        assertThat(k.get(EditKind.ADD_FINDING).anyError()).isEqualTo(1);
        assertThat(k.get(EditKind.ADD_FINDING).exact()).isEqualTo(1);
        assertThat(k.get(EditKind.SWAP_LATERALITY).caught()).isEqualTo(1);
        assertThat(k.get(EditKind.DROP_COMPARISON).caught()).isEqualTo(1);
        assertThat(k.get(EditKind.ADD_COMPARISON).caught()).isZero();
        assertThat(k.get(EditKind.ADD_COMPARISON).anyError()).isEqualTo(1);
        assertThat(r.paraphrase().n()).isEqualTo(2);
        assertThat(r.paraphrase().caught()).isEqualTo(1);
        assertThat(r.paraphrase().meanErrors()).isEqualTo(0.5);
    }

    @Test
    void wilsonIntervalMatchesHandComputation() {
        // 8 of 10: centre (0.8 + z^2/20) / (1 + z^2/10) = 0.71674; half-width 0.22658 -> [0.4902, 0.9433]
        Interval i = Qualification.wilson(8, 10);
        assertThat(i.lo()).isCloseTo(0.4902, within(1e-4));
        assertThat(i.hi()).isCloseTo(0.9433, within(1e-4));
        assertThat(Qualification.wilson(5, 5).hi()).isEqualTo(1.0);
        assertThat(Qualification.wilson(0, 0)).isNull();
    }

    @Test
    void rulesJudgeCatchesTheBundledGeneratorsEdits() {
        RulesJudge judge = new RulesJudge(SET);
        MetamorphicGenerator gen = new MetamorphicGenerator(judge.extractor().entitySet());
        List<Variant> vs = new ArrayList<>();
        String[] refs = {"Small right pleural effusion. The heart is normal in size. No pneumothorax.",
                "Moderate cardiomegaly, unchanged from the prior study. Left lower lobe atelectasis. No pleural effusion.",
                "There is a large left pneumothorax. Left chest tube in place. Lungs otherwise clear."};
        for (int i = 0; i < refs.length; i++) {
            vs.addAll(gen.variants("r" + i, refs[i], 1, 0));
        }
        Qualification.Result r = Qualification.run(judge, SET, refs.length, vs, 2, org.speccxr.run.RunListener.NONE);
        assertThat(r.failures()).isZero();
        assertThat(r.kinds().keySet()).contains(EditKind.DELETE_FINDING, EditKind.SWAP_LATERALITY, EditKind.PARAPHRASE);
        assertThat(r.kinds().get(EditKind.DELETE_FINDING).caughtRate()).isEqualTo(1.0);
        assertThat(r.tauB()).isGreaterThan(0.8);
    }
}
