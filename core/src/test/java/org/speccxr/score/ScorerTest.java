package org.speccxr.score;

import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Scoring rules pinned on hand-computed cases. */
class ScorerTest {
    private final EntitySet set = EntitySetLoader.loadDefault();

    private static EntityVerdict tp(String id, Alignment loc, Alignment sev, Comparison cmp) {
        return new EntityVerdict(id, Presence.TP, loc, sev, cmp);
    }

    private VerdictRecord rec(String id, String model, int run, EntityVerdict... es) {
        return VerdictNormalizer.toRecord(id, model, run, "test", List.of(es), set);
    }

    private static EntityScore entity(ModelScores m, String id) {
        return m.entities().stream().filter(e -> e.entity().id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void entityAndReportScoresMatchAHandComputation() {
        // pleural_effusion over 4 pairs: TP (loc aligned, sev not-aligned), TP (loc not-aligned, sev n/a, comparison added),
        // FP, FN. F1 = 2*2/(2*2+1+1) = 0.6667; location 1/2; severity 0/1; comparison 1/2.
        List<VerdictRecord> records = List.of(
                rec("a", "m1", 1, tp("pleural_effusion", Alignment.ALIGNED, Alignment.NOT_ALIGNED, Comparison.OTHER)),
                rec("b", "m1", 1, tp("pleural_effusion", Alignment.NOT_ALIGNED, Alignment.NOT_AVAILABLE, Comparison.ADDING_UNMENTIONED)),
                rec("c", "m1", 1, EntityVerdict.of("pleural_effusion", Presence.FP), EntityVerdict.of("pneumothorax", Presence.TN)),
                rec("d", "m1", 1, EntityVerdict.of("pleural_effusion", Presence.FN)));
        Scores s = Scorer.score(records, set);
        ModelScores m = s.models().get(0);
        Counts c = entity(m, "pleural_effusion").counts();
        assertThat(c.tp()).isEqualTo(2);
        assertThat(c.fp()).isEqualTo(1);
        assertThat(c.fn()).isEqualTo(1);
        assertThat(c.f1()).isCloseTo(4.0 / 6.0, within(1e-12));
        assertThat(c.locationAccuracy()).isEqualTo(0.5);
        assertThat(c.severityAccuracy()).isEqualTo(0.0);
        assertThat(c.comparisonAccuracy()).isEqualTo(0.5);
        assertThat(c.support()).isEqualTo(3);
        // pneumothorax: only a TN, so F1 and accuracies are undefined (empty), not zero
        Counts ptx = entity(m, "pneumothorax").counts();
        assertThat(ptx.tn()).isEqualTo(1);
        assertThat(ptx.f1()).isNull();
        assertThat(ptx.comparisonAccuracy()).isNull();
        // report level: a=1 (severity), b=2 (location+comparison), c=1 (FP), d=1 (FN)
        assertThat(s.reports()).extracting(ReportScore::errorCount).containsExactly(1, 2, 1, 1);
        assertThat(m.meanErrorCount()).isEqualTo(5.0 / 4);
        // macro over entities where defined: only pleural_effusion has anything but TN
        assertThat(m.macro().f1()).isCloseTo(4.0 / 6.0, within(1e-12));
        assertThat(m.macro().nF1()).isEqualTo(1);
    }

    @Test
    void groupsPoolTheirEntitiesCountsAndEmptyGroupsAreUndefined() {
        List<VerdictRecord> records = List.of(
                rec("a", "m", 1, EntityVerdict.of("pleural_effusion", Presence.TP), EntityVerdict.of("pneumothorax", Presence.FN)),
                rec("b", "m", 1, EntityVerdict.of("pneumothorax", Presence.FP)));
        ModelScores m = Scorer.score(records, set).models().get(0);
        GroupScore pleura = m.groups().stream().filter(g -> g.group().id().equals("pleura")).findFirst().orElseThrow();
        assertThat(pleura.counts().tp()).isEqualTo(1);
        assertThat(pleura.counts().fp()).isEqualTo(1);
        assertThat(pleura.counts().fn()).isEqualTo(1);
        assertThat(pleura.counts().f1()).isCloseTo(2.0 / 4.0, within(1e-12));
        GroupScore bones = m.groups().stream().filter(g -> g.group().id().equals("bone_and_joint")).findFirst().orElseThrow();
        assertThat(bones.counts().f1()).isNull();
        assertThat(bones.counts().locationAccuracy()).isNull();
        assertThat(m.groups()).hasSize(15);
    }

    @Test
    void severalModelsAndRunsAreKeptApart() {
        List<VerdictRecord> records = List.of(
                rec("a", "m1", 1, EntityVerdict.of("pneumonia", Presence.TP)),
                rec("a", "m1", 2, EntityVerdict.of("pneumonia", Presence.FN)),
                rec("a", "m2", 1, EntityVerdict.of("pneumonia", Presence.FP)),
                rec("a", "m2", 2, EntityVerdict.of("pneumonia", Presence.FP)));
        Scores s = Scorer.score(records, set);
        assertThat(s.models()).extracting(ModelScores::model).containsExactly("m1", "m2");
        ModelScores m1 = s.models().get(0);
        assertThat(m1.pairs()).isEqualTo(1);
        assertThat(m1.runs()).containsExactly(1, 2);
        // pooled over runs: TP 1, FN 1 -> F1 2/3; per run: 1.0 then 0.0 -> mean 0.5, std sqrt(0.5)
        assertThat(entity(m1, "pneumonia").counts().f1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m1.macroByRun()).extracting(Macro::f1).containsExactly(1.0, 0.0);
        double[] ms = Scorer.meanStd(m1.macroByRun(), Macro::f1);
        assertThat(ms[0]).isEqualTo(0.5);
        assertThat(ms[1]).isCloseTo(Math.sqrt(0.5), within(1e-12));
        ModelScores m2 = s.models().get(1);
        assertThat(entity(m2, "pneumonia").counts().f1()).isEqualTo(0.0);
        assertThat(m2.meanErrorCount()).isEqualTo(1.0);
    }

    @Test
    void recordsAreNormalisedWhenMadeSoDuplicatesAndUnknownIdsCannotSlipThrough() {
        List<VerdictRecord> records = List.of(rec("a", "m", 1,
                EntityVerdict.of("pneumonia", Presence.FP), EntityVerdict.of("pneumonia", Presence.FP),
                EntityVerdict.of("pneumonia", Presence.TP), EntityVerdict.of("made_up", Presence.FP),
                new EntityVerdict("atelectasis", Presence.FN, Alignment.NOT_ALIGNED, Alignment.NOT_ALIGNED, Comparison.MISSING_MENTIONED)));
        Scores s = Scorer.score(records, set);
        // pneumonia counted once, as FP; made_up dropped; atelectasis FN with its attributes ignored
        assertThat(s.reports().get(0).errorCount()).isEqualTo(2);
        assertThat(s.models().get(0).warnings()).isEqualTo(2);
    }

    @Test
    void weightedErrorsUseTheEntityWeights() {
        double w = set.get("pneumothorax").weight();
        List<VerdictRecord> records = List.of(rec("a", "m", 1, EntityVerdict.of("pneumothorax", Presence.FN)));
        assertThat(Scorer.score(records, set).reports().get(0).weightedErrors()).isEqualTo(w);
        assertThat(w).isGreaterThan(set.get("calcified_granuloma").weight());
    }
}
