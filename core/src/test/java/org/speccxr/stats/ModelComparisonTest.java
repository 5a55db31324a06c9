package org.speccxr.stats;

import org.junit.jupiter.api.Test;
import org.speccxr.stats.ModelComparison.Metric;
import org.speccxr.stats.ModelComparison.Options;
import org.speccxr.stats.ModelComparison.PairResult;
import org.speccxr.stats.ModelComparison.Row;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.speccxr.stats.TestData.SET;
import static org.speccxr.stats.TestData.rec;
import static org.speccxr.stats.TestData.v;

class ModelComparisonTest {

    private static EntityVerdict tp(String e) {
        return new EntityVerdict(e, Presence.TP, Alignment.NOT_AVAILABLE, Alignment.NOT_AVAILABLE, Comparison.OTHER);
    }

    private static Row row(PairResult r, Metric m, String entity) {
        return r.rows().stream().filter(x -> x.metric() == m && java.util.Objects.equals(x.entity(), entity)).findFirst().orElseThrow();
    }

    /**
     * Three ids; A is error-free, B has 1, 2 and 3 FN errors. Observed difference of mean error counts: -2. Of the
     * 2^3 = 8 swaps only "none" and "all" reach |d| = 2 (d = (1/3) * sum of +-1, +-2, +-3), so p = 2/8 exactly.
     */
    @Test
    void exactRandomisationPValueMatchesHandEnumeration() {
        List<VerdictRecord> records = new ArrayList<>();
        String[] es = {"effusion", "nodule", "cardiomegaly"};
        for (int i = 1; i <= 3; i++) {
            List<EntityVerdict> a = new ArrayList<>(), b = new ArrayList<>();
            for (int k = 0; k < i; k++) {
                a.add(tp(es[k]));
                b.add(v(es[k], Presence.FN));
            }
            records.add(rec("p" + i, "A", a.toArray(EntityVerdict[]::new)));
            records.add(rec("p" + i, "B", b.toArray(EntityVerdict[]::new)));
        }
        PairResult r = ModelComparison.compare(records, SET, "A", "B", new Options(1000, 200, 1, 0.05));
        assertThat(r.exact()).isTrue();
        assertThat(r.permutations()).isEqualTo(8);
        Row err = row(r, Metric.MEAN_ERROR_COUNT, null);
        assertThat(err.a()).isEqualTo(0);
        assertThat(err.b()).isEqualTo(2);
        assertThat(err.p()).isEqualTo(0.25);
        assertThat(err.better()).isNull();
        // weighted: effusion 3, nodule 1, cardiomegaly 2 -> B's weighted errors 3, 4, 6 -> mean 13/3
        assertThat(row(r, Metric.MEAN_WEIGHTED_ERRORS, null).b()).isCloseTo(13.0 / 3, within(1e-12));
        // effusion (in all three ids): A TP x3, B FN x3 -> d = 1. Swapping k ids: k=1 gives F1 4/5 vs 2/4, d = 0.3;
        // k=2 gives -0.3; k=3 gives -1. So |d| >= 1 in 2 of 8 swaps: p = 0.25.
        assertThat(row(r, Metric.ENTITY_F1, "effusion").p()).isEqualTo(0.25);
        // cardiomegaly (only in p3): every swap gives |d| = 1 -> p = 1; one informative id can prove nothing
        assertThat(row(r, Metric.ENTITY_F1, "cardiomegaly").p()).isEqualTo(1.0);
        assertThat(row(r, Metric.ENTITY_F1, "cardiomegaly").pHolm()).isEqualTo(1.0);
        // nodule (p2, p3): swapping one of them gives 2/3 vs 2/3, d = 0; |d| = 1 in 4 of 8 swaps: p = 0.5
        assertThat(row(r, Metric.ENTITY_F1, "nodule").p()).isEqualTo(0.5);
        // Holm over the 3 entities: 0.25*3 = 0.75; 0.5*2 = 1; 1*1 = 1
        assertThat(row(r, Metric.ENTITY_F1, "effusion").pHolm()).isEqualTo(0.75);
        assertThat(row(r, Metric.ENTITY_F1, "nodule").pHolm()).isEqualTo(1.0);
    }

    /** A planted difference on one entity: A finds effusion 90% of the time, B 50%. */
    static List<VerdictRecord> planted(long seed, int ids, double pa, double pb) {
        SplittableRandom r = new SplittableRandom(seed);
        List<VerdictRecord> out = new ArrayList<>();
        for (int i = 0; i < ids; i++) {
            boolean present = r.nextDouble() < 0.6;
            // nodule: the same error rate for both models (a null effect inside the planted data set)
            EntityVerdict na = r.nextDouble() < 0.7 ? tp("nodule") : v("nodule", Presence.FP);
            EntityVerdict nb = r.nextDouble() < 0.7 ? tp("nodule") : v("nodule", Presence.FP);
            if (present) {
                out.add(rec("id" + i, "A", r.nextDouble() < pa ? tp("effusion") : v("effusion", Presence.FN), na));
                out.add(rec("id" + i, "B", r.nextDouble() < pb ? tp("effusion") : v("effusion", Presence.FN), nb));
            } else {
                out.add(rec("id" + i, "A", na));
                out.add(rec("id" + i, "B", nb));
            }
        }
        return out;
    }

    @Test
    void findsAPlantedDifferenceAndNotANullOne() {
        int datasets = 40, foundPlanted = 0, falseOnNull = 0, falseOnNullEntity = 0;
        for (int d = 0; d < datasets; d++) {
            PairResult planted = ModelComparison.compare(planted(d, 150, 0.9, 0.5), SET, "A", "B", new Options(999, 0, d, 0.05));
            Row eff = row(planted, Metric.ENTITY_F1, "effusion");
            if (eff.pHolm() < 0.05 && "A".equals(eff.better())) {
                foundPlanted++;
            }
            if (row(planted, Metric.ENTITY_F1, "nodule").pHolm() < 0.05) {
                falseOnNullEntity++;
            }
            PairResult nul = ModelComparison.compare(planted(1000 + d, 150, 0.7, 0.7), SET, "A", "B", new Options(999, 0, d, 0.05));
            if (row(nul, Metric.MEAN_ERROR_COUNT, null).p() < 0.05) {
                falseOnNull++;
            }
        }
        assertThat(foundPlanted).isEqualTo(datasets);
        // at alpha 0.05 the expected number of false rejections in 40 null data sets is 2
        assertThat(falseOnNull).isLessThanOrEqualTo(5);
        assertThat(falseOnNullEntity).isLessThanOrEqualTo(5);
    }

    @Test
    void intervalOfThePlantedDifferenceExcludesZeroAndTheNullIncludesIt() {
        PairResult planted = ModelComparison.compare(planted(5, 300, 0.9, 0.5), SET, "A", "B", new Options(999, 500, 5, 0.05));
        Row eff = row(planted, Metric.ENTITY_F1, "effusion");
        assertThat(eff.diffCi().lo()).isGreaterThan(0);
        assertThat(eff.diffCi().contains(eff.diff())).isTrue();
        PairResult nul = ModelComparison.compare(planted(6, 300, 0.7, 0.7), SET, "A", "B", new Options(999, 500, 5, 0.05));
        assertThat(row(nul, Metric.ENTITY_F1, "effusion").diffCi().contains(0)).isTrue();
    }

    @Test
    void onlySharedIdsAreComparedAndUntestableEntitiesCounted() {
        List<VerdictRecord> records = new ArrayList<>(List.of(
                rec("p1", "A", tp("effusion"), v("cardiomegaly", Presence.FP)),
                rec("p1", "B", tp("effusion")),
                rec("p2", "A", tp("effusion")),
                rec("p2", "B", v("effusion", Presence.FN)),
                rec("p3", "A", tp("effusion"))));
        PairResult r = ModelComparison.compare(records, SET, "A", "B", Options.defaults());
        assertThat(r.ids()).isEqualTo(2);
        assertThat(r.onlyA()).isEqualTo(1);
        assertThat(r.entities()).extracting(Row::entity).containsExactly("effusion");
        assertThat(r.untestable()).isEqualTo(1); // cardiomegaly: F1 0 for A, undefined for B
        assertThat(ModelComparison.compareAll(records, SET, "B", Options.defaults())).singleElement()
                .satisfies(p -> assertThat(p.modelA()).isEqualTo("A"));
    }

    @Test
    void runsAreAveragedPerId() {
        // A judged twice per id, B once: equal per-run verdicts must compare as equal
        List<VerdictRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(TestData.rec("p" + i, "A", 1, tp("effusion")));
            records.add(TestData.rec("p" + i, "A", 2, tp("effusion")));
            records.add(TestData.rec("p" + i, "B", 1, tp("effusion")));
        }
        PairResult r = ModelComparison.compare(records, SET, "A", "B", Options.defaults());
        assertThat(row(r, Metric.MEAN_ERROR_COUNT, null).diff()).isEqualTo(0);
        assertThat(row(r, Metric.ENTITY_F1, "effusion").p()).isEqualTo(1.0);
    }
}
