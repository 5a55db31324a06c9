package org.speccxr.output.html;

import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.ReportPair;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PairSampleTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();
    static final List<String> IDS = SET.entities().stream().map(e -> e.id()).toList();

    /** A record with {@code errors} FN entries. */
    static VerdictRecord record(String model, String id, int errors) {
        List<EntityVerdict> vs = new ArrayList<>();
        for (int i = 0; i < errors; i++) {
            vs.add(EntityVerdict.of(IDS.get(i), Presence.FN));
        }
        return VerdictNormalizer.toRecord(id, model, 1, "rules", vs, SET);
    }

    @Test
    void belowTheLimitEveryPairIsKeptInOrderWithItsTexts() {
        PairSample s = new PairSample(10);
        for (int i = 0; i < 10; i++) {
            s.add(record(i % 2 == 0 ? "a" : "b", "p" + i, i % 3), new ReportPair("p" + i, "m", "ref", "cand"));
        }
        assertThat(s.selected()).extracting(e -> e.record().id())
                .containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9");
        assertThat(s.selected()).allMatch(e -> e.pair() != null);
        assertThat(s.total()).isEqualTo(10);
        assertThat(s.leftOut()).isZero();
    }

    @Test
    void aboveTheLimitTheWorstHalfAndAProportionalSampleOfTheRest() {
        PairSample s = new PairSample(100);
        // model a: 900 pairs with 0-2 errors, model b: 100; ten pairs of a have 20 errors or more
        for (int i = 0; i < 900; i++) {
            s.add(record("a", "a" + i, i % 90 == 5 ? 20 + i % 7 : i % 3), null);
        }
        for (int i = 0; i < 100; i++) {
            s.add(record("b", "b" + i, 1), null);
        }
        List<PairSample.Entry> sel = s.selected();
        assertThat(sel).hasSize(100);
        assertThat(s.leftOut()).isEqualTo(900);
        assertThat(sel).extracting(e -> e.record().id()).doesNotHaveDuplicates();
        // every pair with 20+ errors is among the worst half
        assertThat(sel.stream().filter(e -> e.record().errorCount() >= 20)).hasSize(10);
        // the sampled half is shared in proportion to the models' pairs: about 45 of a, 5 of b
        long b = sel.stream().filter(e -> e.record().model().equals("b")).count();
        assertThat(b).isBetween(3L, 12L);
        // in arrival order
        assertThat(sel).isSortedAccordingTo(java.util.Comparator.comparingLong(PairSample.Entry::seq));
    }

    @Test
    void theSameRecordsGiveTheSameSample() {
        PairSample x = new PairSample(50), y = new PairSample(50);
        for (int i = 0; i < 5000; i++) {
            VerdictRecord r = record("m" + i % 3, "p" + i, i % 5);
            x.add(r, null);
            y.add(r, null);
        }
        assertThat(x.selected()).extracting(PairSample.Entry::seq).isEqualTo(y.selected().stream().map(PairSample.Entry::seq).toList());
    }

    @Test
    void theErrorHistogramCountsEveryPairNotOnlyTheShownOnes() {
        PairSample s = new PairSample(2);
        for (int i = 0; i < 30; i++) {
            s.add(record("a", "p" + i, i % 4), null);
        }
        s.add(record("b", "q", 7), null);
        Map<String, long[]> h = s.errorHistograms();
        assertThat(h.keySet()).containsExactly("a", "b");
        assertThat(h.get("a")[0] + h.get("a")[1] + h.get("a")[2] + h.get("a")[3]).isEqualTo(30);
        assertThat(h.get("a")[3]).isEqualTo(7);
        assertThat(h.get("b")[7]).isEqualTo(1);
        assertThat(s.selected()).hasSize(2);
    }

    @Test
    void theReportLevelQuantilesFromTheHistogramMatchTheSortedList() {
        long[] hist = {3, 0, 2, 5};   // sorted: 0 0 0 2 2 3 3 3 3 3
        ReportLevel.Distribution d = new ReportLevel.Distribution(hist);
        assertThat(d.n()).isEqualTo(10);
        assertThat(d.max()).isEqualTo(3);
        assertThat(d.quantile(0.5)).isEqualTo(2.5);   // between sorted[4] = 2 and sorted[5] = 3
        assertThat(d.quantile(0.9)).isEqualTo(3.0);
        assertThat(d.at(2)).isEqualTo(0);
        assertThat(d.at(3)).isEqualTo(2);
    }
}
