package org.speccxr.stats;

import org.junit.jupiter.api.Test;
import org.speccxr.stats.Agreement.Result;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictRecord;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.speccxr.stats.TestData.SET;
import static org.speccxr.stats.TestData.rec;
import static org.speccxr.stats.TestData.tp;
import static org.speccxr.stats.TestData.v;

class AgreementTest {
    @Test
    void countsUnlistedAsAbsentAndOnlyListedEntities() {
        List<VerdictRecord> a = List.of(
                rec("p1", "m", tp("effusion", Alignment.ALIGNED, Alignment.ALIGNED, Comparison.OTHER), v("nodule", Presence.TN)),
                rec("p2", "m", v("effusion", Presence.FP), tp("cardiomegaly", Alignment.NOT_AVAILABLE, Alignment.NOT_ALIGNED, Comparison.OTHER)),
                rec("p3", "m", v("nodule", Presence.FN)));
        List<VerdictRecord> b = List.of(
                // p1: effusion TP with another location; nodule not listed (= absent, agrees with TN)
                rec("p1", "m", tp("effusion", Alignment.NOT_ALIGNED, Alignment.ALIGNED, Comparison.ADDING_UNMENTIONED)),
                // p2: effusion not listed (absent vs FP: disagreement); cardiomegaly TP, severity aligned
                rec("p2", "m", tp("cardiomegaly", Alignment.NOT_AVAILABLE, Alignment.ALIGNED, Comparison.OTHER)),
                // p4 is only in B
                rec("p4", "m", v("nodule", Presence.FN)));
        Result r = Agreement.compute(a, b, SET);
        assertThat(r.matched()).isEqualTo(2);
        assertThat(r.onlyA()).isEqualTo(1);
        assertThat(r.onlyB()).isEqualTo(1);
        // presence items: p1 effusion (TP/TP), p1 nodule (TN/unlisted = absent/absent), p2 effusion (FP/absent),
        // p2 cardiomegaly (TP/TP) -> 4 items, 3 agreed
        assertThat(r.overall().presence().items()).isEqualTo(4);
        assertThat(r.overall().presence().agreed()).isEqualTo(3);
        assertThat(r.overall().presence().agreement()).isCloseTo(0.75, within(1e-12));
        // rows A: TP 2, FP 1, absent 1; columns B: TP 2, absent 2. po = 0.75, pe = 0.5*0.5 + 0.25*0.5 = 0.375
        // kappa = (0.75 - 0.375) / 0.625 = 0.6
        assertThat(r.overall().presence().kappa()).isCloseTo(0.6, within(1e-12));
        // positive on a side: drops the absent/absent item
        assertThat(r.overall().presencePositive().items()).isEqualTo(3);
        assertThat(r.overall().presencePositive().agreed()).isEqualTo(2);
        // location: only effusion (cardiomegaly has no location in the test set) -> 1 item, disagreed
        assertThat(r.overall().location().items()).isEqualTo(1);
        assertThat(r.overall().location().agreed()).isZero();
        // severity: effusion agreed, cardiomegaly not
        assertThat(r.overall().severity().items()).isEqualTo(2);
        assertThat(r.overall().severity().agreed()).isEqualTo(1);
        // comparison: both TP items; effusion other vs adding -> 1 of 2
        assertThat(r.overall().comparison().items()).isEqualTo(2);
        assertThat(r.overall().comparison().agreed()).isEqualTo(1);
        assertThat(r.entities()).extracting(e -> e.entity().id()).containsExactly("effusion", "nodule", "cardiomegaly");
        assertThat(r.entities().get(1).tables().presence().items()).isEqualTo(1);
    }

    @Test
    void matchesOnRunToo() {
        Result r = Agreement.compute(List.of(TestData.rec("p1", "m", 1, v("effusion", Presence.FN)), TestData.rec("p1", "m", 2, v("effusion", Presence.TP))),
                List.of(TestData.rec("p1", "m", 2, v("effusion", Presence.TP))), SET);
        assertThat(r.matched()).isEqualTo(1);
        assertThat(r.overall().presence().agreement()).isEqualTo(1.0);
    }

    @Test
    void rejectsDuplicatesAndExplainsMismatches() {
        VerdictRecord x = rec("p1", "m", v("effusion", Presence.FN));
        assertThatThrownBy(() -> Agreement.compute(List.of(x, x), List.of(x), SET)).isInstanceOf(Agreement.DuplicateRecord.class);
        assertThat(Agreement.runsDiffer(List.of(x), List.of(TestData.rec("p1", "m", 2)))).isTrue();
        assertThat(Agreement.modelsDiffer(List.of(x), List.of(rec("p1", "other")))).isTrue();
    }
}
