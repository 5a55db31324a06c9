package org.speccxr.stats;

import org.junit.jupiter.api.Test;
import org.speccxr.score.Counts;
import org.speccxr.score.Interval;
import org.speccxr.score.ModelScores;
import org.speccxr.score.ReferenceTallies;
import org.speccxr.score.ScoreAccumulator;
import org.speccxr.score.ScoreIntervals;
import org.speccxr.score.Scorer;
import org.speccxr.score.Scores;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.speccxr.stats.TestData.SET;
import static org.speccxr.stats.TestData.rec;
import static org.speccxr.stats.TestData.tp;
import static org.speccxr.stats.TestData.v;

class BootstrapTest {

    /** Random records over the test set: several models, several runs. */
    static List<VerdictRecord> random(long seed, int ids, int models, int runs) {
        SplittableRandom r = new SplittableRandom(seed);
        Presence[] ps = Presence.values();
        Alignment[] as = Alignment.values();
        Comparison[] cs = Comparison.values();
        List<VerdictRecord> out = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            for (int i = 0; i < ids; i++) {
                for (int run = 1; run <= runs; run++) {
                    List<EntityVerdict> vs = new ArrayList<>();
                    for (String e : SET.ids()) {
                        if (r.nextInt(3) > 0) {
                            vs.add(new EntityVerdict(e, ps[r.nextInt(4)], as[r.nextInt(3)], as[r.nextInt(3)], cs[r.nextInt(3)]));
                        }
                    }
                    out.add(VerdictNormalizer.toRecord("id" + i, "m" + m, run, "test", vs, SET));
                }
            }
        }
        return out;
    }

    @Test
    void drawingEveryIdOnceReproducesTheScorer() {
        List<VerdictRecord> records = random(7, 40, 2, 3);
        Scores scores = Scorer.score(records, SET);
        ScoreAccumulator acc = new ScoreAccumulator(SET);
        records.forEach(acc::add);
        ReferenceTallies tallies = acc.tallies();
        assertThat(tallies.models()).containsExactly("m0", "m1");
        assertThat(tallies.clusters()).isEqualTo(40);
        StatLayout layout = new StatLayout(SET);
        for (ModelScores m : scores.models()) {
            double[] stats = layout.compute(tallies.totals(tallies.models().indexOf(m.model())));
            for (int e = 0; e < SET.entities().size(); e++) {
                Counts c = m.entities().get(e).counts();
                assertStat(stats[e * 4], c.f1());
                assertStat(stats[e * 4 + 1], c.locationAccuracy());
                assertStat(stats[e * 4 + 2], c.severityAccuracy());
                assertStat(stats[e * 4 + 3], c.comparisonAccuracy());
            }
            for (int g = 0; g < SET.groups().size(); g++) {
                Counts c = m.groups().get(g).counts();
                assertStat(stats[layout.groupBase + g * 4], c.f1());
                assertStat(stats[layout.groupBase + g * 4 + 2], c.severityAccuracy());
            }
            assertStat(stats[layout.macroBase], m.macro().f1());
            assertStat(stats[layout.macroBase + 3], m.macro().comparisonAccuracy());
            assertThat(stats[layout.meanErrors]).isCloseTo(m.meanErrorCount(), within(1e-12));
            assertThat(stats[layout.meanWeighted]).isCloseTo(m.meanWeightedErrors(), within(1e-12));
        }
    }

    private static void assertStat(double actual, Double expected) {
        if (expected == null) {
            assertThat(actual).isNaN();
        } else {
            assertThat(actual).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void handComputedCaseWithOneIdEverywhere() {
        // Every id is identical: every replicate equals the data, so every interval is the point itself.
        List<VerdictRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(rec("p" + i, "a", tp("effusion", Alignment.ALIGNED, Alignment.NOT_ALIGNED, Comparison.OTHER),
                    v("nodule", Presence.FP)));
        }
        ScoreIntervals si = Bootstrap.intervals(records, SET, 200, 1);
        ScoreIntervals.ModelIntervals m = si.model("a");
        // effusion: TP 5 -> F1 1; nodule: FP 5 -> F1 0; macro F1 = 0.5; errors per report: sev 1 + FP 1 = 2;
        // weighted: severity error on effusion (3) + FP on nodule (1) = 4.
        assertThat(m.entity("effusion").f1()).isEqualTo(new Interval(1, 1));
        assertThat(m.entity("effusion").severityAccuracy()).isEqualTo(new Interval(0, 0));
        assertThat(m.entity("nodule").f1()).isEqualTo(new Interval(0, 0));
        assertThat(m.entity("nodule").comparisonAccuracy()).isNull();
        assertThat(m.entity("cardiomegaly").f1()).isNull();
        assertThat(m.group("g1").f1()).isEqualTo(new Interval(10.0 / 15, 10.0 / 15));
        assertThat(m.macro().f1()).isEqualTo(new Interval(0.5, 0.5));
        assertThat(m.meanErrorCount()).isEqualTo(new Interval(2, 2));
        assertThat(m.meanWeightedErrors()).isEqualTo(new Interval(4, 4));
    }

    @Test
    void sameSeedSameIntervalsAndDifferentSeedDifferent() {
        List<VerdictRecord> records = random(3, 60, 2, 1);
        ScoreIntervals a = Bootstrap.intervals(records, SET, 300, 11);
        ScoreIntervals b = Bootstrap.intervals(records, SET, 300, 11);
        ScoreIntervals c = Bootstrap.intervals(records, SET, 300, 12);
        assertThat(a).isEqualTo(b);
        assertThat(a.model("m0").meanErrorCount()).isNotEqualTo(c.model("m0").meanErrorCount());
    }

    @Test
    void runsAndModelsOfAnIdMoveTogether() {
        // Model b's verdicts equal model a's on every id, so with shared draws its intervals must equal a's exactly;
        // and an id judged in 3 identical runs is resampled as one unit (its runs never split).
        List<VerdictRecord> base = random(5, 30, 1, 1);
        List<VerdictRecord> records = new ArrayList<>();
        for (VerdictRecord r : base) {
            for (int run = 1; run <= 3; run++) {
                records.add(r.withModelAndRun("a", run));
                records.add(r.withModelAndRun("b", run));
            }
        }
        ScoreIntervals si = Bootstrap.intervals(records, SET, 400, 9);
        assertThat(si.model("a")).isEqualTo(si.model("b"));
        // Triplicating every run changes nothing: ratios and means are the same on each replicate.
        ScoreIntervals single = Bootstrap.intervals(base.stream()
                .map(r -> r.withModelAndRun("a", 1)).toList(), SET, 400, 9);
        assertThat(si.model("a").meanErrorCount().lo()).isCloseTo(single.model("a").meanErrorCount().lo(), within(1e-9));
        assertThat(si.model("a").entity("effusion").f1().hi()).isCloseTo(single.model("a").entity("effusion").f1().hi(), within(1e-9));
    }

    /**
     * Nominal coverage: 200 simulated data sets of 250 ids with known population values; the 95% intervals must
     * cover the truth in 90-99% of them. Population F1 of the effusion entity = 2*0.3/(2*0.3+0.1+0.15) = 0.70588;
     * population mean error count = 0.1 + 0.15 (FP, FN) + 0.3*0.2 (severity not aligned on TP) = 0.31.
     */
    @Test
    void intervalsCoverTheTruthAtTheNominalRate() {
        double trueF1 = 0.6 / 0.85, trueErrors = 0.31;
        SplittableRandom r = new SplittableRandom(2025);
        int datasets = 200, covF1 = 0, covErr = 0;
        for (int d = 0; d < datasets; d++) {
            List<VerdictRecord> records = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                double u = r.nextDouble();
                EntityVerdict ev;
                if (u < 0.3) {
                    ev = tp("effusion", Alignment.NOT_AVAILABLE, r.nextDouble() < 0.2 ? Alignment.NOT_ALIGNED : Alignment.ALIGNED, Comparison.OTHER);
                } else if (u < 0.4) {
                    ev = v("effusion", Presence.FP);
                } else if (u < 0.55) {
                    ev = v("effusion", Presence.FN);
                } else {
                    ev = v("effusion", Presence.TN);
                }
                records.add(rec("id" + i, "m", ev));
            }
            ScoreIntervals.ModelIntervals m = Bootstrap.intervals(records, SET, 500, d).model("m");
            covF1 += m.entity("effusion").f1().contains(trueF1) ? 1 : 0;
            covErr += m.meanErrorCount().contains(trueErrors) ? 1 : 0;
        }
        assertThat(covF1 / (double) datasets).isBetween(0.90, 0.99);
        assertThat(covErr / (double) datasets).isBetween(0.90, 0.99);
    }

    @Test
    void intervalsFromTheAccumulatorMidStreamEqualThoseOfTheRecordsSoFar() {
        List<VerdictRecord> records = random(13, 30, 2, 2);
        ScoreAccumulator acc = new ScoreAccumulator(SET);
        records.subList(0, 50).forEach(acc::add);
        ScoreIntervals mid = Bootstrap.intervals(acc, 200, 4);
        records.subList(50, records.size()).forEach(acc::add);
        assertThat(mid).isEqualTo(Bootstrap.intervals(records.subList(0, 50), SET, 200, 4));
        Scores attached = Bootstrap.attach(acc.snapshot(), acc, 200, 4);
        assertThat(attached.intervals()).isEqualTo(Bootstrap.intervals(records, SET, 200, 4));
        assertThat(attached.intervals()).isNotEqualTo(mid);
        assertThat(Bootstrap.attach(acc.snapshot(), acc, 0, 4).intervals()).isNull();
    }

    @Test
    void attachLeavesScoresAloneWhenOff() {
        List<VerdictRecord> records = random(1, 5, 1, 1);
        Scores s = Scorer.score(records, SET);
        assertThat(Bootstrap.attach(s, records, SET, 0, 1).intervals()).isNull();
        assertThat(Bootstrap.attach(s, records, SET, 50, 1).intervals().resamples()).isEqualTo(50);
    }

    @Test
    void quantileIsType7() {
        double[] x = {1, 2, 3, 4, 5};
        assertThat(Quantiles.quantile(x, 5, 0.5)).isEqualTo(3);
        assertThat(Quantiles.quantile(x, 5, 0.1)).isCloseTo(1.4, within(1e-12));
        assertThat(Quantiles.percentile(new double[]{Double.NaN, 2, Double.NaN}, 0.95)).isNull();
    }
}
