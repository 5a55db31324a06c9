package org.speccxr.score;

import org.junit.jupiter.api.Test;
import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.Group;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The accumulator pinned on a hand-computed table, step by step, and against the scorer on prefixes. */
class ScoreAccumulatorTest {
    /** effusion and nodule (group g1) have location and severity; cardiomegaly (g2) only severity. */
    static final EntitySet SET = new EntitySet("t", List.of(new Group("g1", "Group 1"), new Group("g2", "Group 2")),
            List.of(entity("effusion", "g1", true, 3), entity("nodule", "g1", true, 1), entity("cardiomegaly", "g2", false, 2)),
            "sha256:t", "t");

    static Entity entity(String id, String group, boolean location, double weight) {
        return new Entity(id, id, Entity.Kind.FINDING, group, group, location, true, List.of(id), List.of(), weight);
    }

    static VerdictRecord rec(String id, String model, int run, EntityVerdict... vs) {
        return VerdictNormalizer.toRecord(id, model, run, "t", List.of(vs), SET);
    }

    static EntityVerdict v(String e, Presence p) {
        return EntityVerdict.of(e, p);
    }

    static ModelScores model(Scores s, String name) {
        return s.models().stream().filter(m -> m.model().equals(name)).findFirst().orElseThrow();
    }

    static Counts counts(ModelScores m, String entity) {
        return m.entities().stream().filter(e -> e.entity().id().equals(entity)).findFirst().orElseThrow().counts();
    }

    static GroupScore group(ModelScores m, String id) {
        return m.groups().stream().filter(g -> g.group().id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void eachSnapshotMatchesTheTableComputedByHand() {
        ScoreAccumulator acc = new ScoreAccumulator(SET, true);
        assertThat(acc.snapshot().models()).isEmpty();

        // 1. m1 p1 run 1: effusion TP (location aligned, severity not), nodule FP -> 2 errors, weighted 3 + 1 = 4
        acc.add(rec("p1", "m1", 1, new EntityVerdict("effusion", Presence.TP, Alignment.ALIGNED, Alignment.NOT_ALIGNED,
                Comparison.OTHER), v("nodule", Presence.FP)));
        ModelScores m1 = model(acc.snapshot(), "m1");
        assertThat(counts(m1, "effusion")).isEqualTo(new Counts(1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0));
        assertThat(counts(m1, "nodule")).isEqualTo(new Counts(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(counts(m1, "cardiomegaly")).isEqualTo(Counts.ZERO);
        // macro: F1 over effusion 1 and nodule 0; the accuracies only where a TP had them (effusion)
        assertThat(m1.macro()).isEqualTo(new Macro(0.5, 2, 1.0, 1, 0.0, 1, 1.0, 1));
        assertThat(group(m1, "g1").counts().f1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(group(m1, "g2").counts().f1()).isNull();
        assertThat(m1.meanErrorCount()).isEqualTo(2.0);
        assertThat(m1.meanWeightedErrors()).isEqualTo(4.0);
        assertThat(m1.pairs()).isEqualTo(1);
        assertThat(m1.runs()).containsExactly(1);

        // 2. m1 p2 run 1: an empty report (nothing on either side) -> no count moves, the means halve
        acc.add(rec("p2", "m1", 1));
        m1 = model(acc.snapshot(), "m1");
        assertThat(counts(m1, "effusion")).isEqualTo(new Counts(1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0));
        assertThat(m1.pairs()).isEqualTo(2);
        assertThat(m1.meanErrorCount()).isEqualTo(1.0);
        assertThat(m1.meanWeightedErrors()).isEqualTo(2.0);

        // 3. m2 p1 run 1: cardiomegaly FN -> 1 error, weighted 2; m2 comes second
        acc.add(rec("p1", "m2", 1, v("cardiomegaly", Presence.FN)));
        Scores s = acc.snapshot();
        assertThat(s.models()).extracting(ModelScores::model).containsExactly("m1", "m2");
        ModelScores m2 = model(s, "m2");
        assertThat(counts(m2, "cardiomegaly").f1()).isEqualTo(0.0);
        assertThat(m2.macro()).isEqualTo(new Macro(0.0, 1, null, 0, null, 0, null, 0));
        assertThat(m2.meanWeightedErrors()).isEqualTo(2.0);
        assertThat(model(s, "m1")).isEqualTo(m1);

        // 4. m1 p1 run 2: effusion FN -> pooled TP 1, FN 1 (F1 2/3); per run: macro F1 0.5, then 0
        acc.add(rec("p1", "m1", 2, v("effusion", Presence.FN)));
        m1 = model(acc.snapshot(), "m1");
        assertThat(counts(m1, "effusion").f1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m1.macro().f1()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(m1.macroByRun()).extracting(Macro::f1).containsExactly(0.5, 0.0);
        assertThat(m1.runs()).containsExactly(1, 2);
        assertThat(m1.pairs()).isEqualTo(2);
        assertThat(m1.meanErrorCount()).isEqualTo(1.0);                    // (2 + 0 + 1) / 3
        assertThat(m1.meanWeightedErrors()).isCloseTo(7.0 / 3, within(1e-12)); // (4 + 0 + 3) / 3
        assertThat(m1.totals()).isEqualTo(new Counts(1, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0));

        // 5. m2 p3: an unknown entity and cardiomegaly twice (TP first, then FP): 2 warnings, TP kept
        acc.add(rec("p3", "m2", 1, v("made_up", Presence.FP), v("cardiomegaly", Presence.TP), v("cardiomegaly", Presence.FP)));
        s = acc.snapshot();
        m2 = model(s, "m2");
        assertThat(m2.warnings()).isEqualTo(2);
        assertThat(model(s, "m1").warnings()).isZero();
        assertThat(counts(m2, "cardiomegaly")).isEqualTo(new Counts(1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0));
        assertThat(m2.meanErrorCount()).isEqualTo(0.5);
        // report scores: grouped by model, each in the order added
        assertThat(s.reports()).extracting(r -> r.id() + "/" + r.model() + "/" + r.run() + "=" + r.errorCount() + "~" + r.weightedErrors())
                .containsExactly("p1/m1/1=2~4.0", "p2/m1/1=0~0.0", "p1/m1/2=1~3.0", "p1/m2/1=1~2.0", "p3/m2/1=0~0.0");
    }

    /** Random records over the set: several models and runs, some empty, some ids missing for some models. */
    static List<VerdictRecord> random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<VerdictRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<EntityVerdict> vs = new ArrayList<>();
            for (String e : List.of("effusion", "nodule", "cardiomegaly", "made_up")) {
                if (r.nextInt(3) == 0) {
                    vs.add(new EntityVerdict(e, Presence.values()[r.nextInt(4)], Alignment.values()[r.nextInt(3)],
                            Alignment.values()[r.nextInt(3)], Comparison.values()[r.nextInt(3)]));
                }
            }
            out.add(VerdictNormalizer.toRecord("id" + r.nextInt(25), "m" + r.nextInt(3), 1 + r.nextInt(2), "t", vs, SET));
        }
        return out;
    }

    @Test
    void aSnapshotAfterEachAddEqualsTheScorerOnThePrefixAndEarlierSnapshotsStayAsTheyWere() {
        List<VerdictRecord> records = random(11, 120);
        ScoreAccumulator acc = new ScoreAccumulator(SET, true);
        List<Scores> taken = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            acc.add(records.get(i));
            Scores s = acc.snapshot();
            assertThat(s).isEqualTo(Scorer.score(records.subList(0, i + 1), SET));
            taken.add(s);
        }
        for (int i = 0; i < taken.size(); i += 17) {
            assertThat(taken.get(i)).isEqualTo(Scorer.score(records.subList(0, i + 1), SET));
        }
    }

    @Test
    void withoutKeptReportsTheModelsAreTheSameAndEachReportCanBeScoredOnItsOwn() {
        List<VerdictRecord> records = random(5, 60);
        ScoreAccumulator lean = new ScoreAccumulator(SET);
        records.forEach(lean::add);
        Scores full = Scorer.score(records, SET);
        assertThat(lean.snapshot().reports()).isEmpty();
        assertThat(lean.snapshot().models()).isEqualTo(full.models());
        assertThat(lean.records()).isEqualTo(60);
        List<ReportScore> streamed = new ArrayList<>();
        for (String model : full.models().stream().map(ModelScores::model).toList()) {
            records.stream().filter(r -> r.model().equals(model)).forEach(r -> streamed.add(ReportScore.of(r, SET)));
        }
        assertThat(streamed).isEqualTo(full.reports());
    }

    @Test
    void aRecordMadeAgainstAnotherEntitySetIsNormalisedAgainstThisOne() {
        EntitySet wider = new EntitySet("w", SET.groups(), List.of(SET.get("effusion"), SET.get("nodule"), SET.get("cardiomegaly"),
                entity("pneumothorax", "g2", true, 3)), "sha256:w", "w");
        VerdictRecord r = VerdictNormalizer.toRecord("p", "m", 1, "t", List.of(v("effusion", Presence.FP),
                v("pneumothorax", Presence.FN)), wider);
        ScoreAccumulator acc = new ScoreAccumulator(SET);
        acc.add(r);
        ModelScores m = acc.snapshot().models().get(0);
        assertThat(m.warnings()).isEqualTo(1);
        assertThat(m.meanErrorCount()).isEqualTo(1.0);
        assertThat(m.totals().fp()).isEqualTo(1);
        assertThat(m.totals().fn()).isZero();
    }

    @Test
    void concurrentAddsCountEveryRecordOnce() throws InterruptedException {
        List<VerdictRecord> records = random(3, 4000);
        ScoreAccumulator acc = new ScoreAccumulator(SET);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<VerdictRecord> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, new java.util.Random(1));
        for (int t = 0; t < 4; t++) {
            List<VerdictRecord> part = shuffled.subList(t * 1000, (t + 1) * 1000);
            pool.submit(() -> part.forEach(acc::add));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        Scores expected = Scorer.score(records, SET);
        Scores got = acc.snapshot();
        assertThat(got.models()).hasSameSizeAs(expected.models());
        for (ModelScores m : expected.models()) {
            // whole-number weights: the sums do not depend on the order the threads got the lock
            assertThat(model(got, m.model())).isEqualTo(m);
        }
    }

    @Test
    void frozenTalliesDoNotMoveWhenMoreRecordsArrive() {
        List<VerdictRecord> records = random(8, 200);
        ScoreAccumulator acc = new ScoreAccumulator(SET);
        records.subList(0, 100).forEach(acc::add);
        ReferenceTallies early = acc.tallies();
        double[][] before = new double[early.models().size()][];
        for (int m = 0; m < before.length; m++) {
            before[m] = early.totals(m);
        }
        records.subList(100, 200).forEach(acc::add);
        for (int m = 0; m < before.length; m++) {
            assertThat(early.totals(m)).containsExactly(before[m]);
        }
        // and the tallies say what the scorer says: model 0's TP of effusion, its records and its error sum
        ModelScores m0 = Scorer.score(records.subList(0, 100), SET).models().get(0);
        int tail = early.entities() * Tally.K;
        assertThat(before[0][Tally.TP]).isEqualTo(counts(m0, "effusion").tp());
        assertThat(before[0][tail] / before[0][tail + 2]).isCloseTo(m0.meanErrorCount(), within(1e-12));
    }
}
