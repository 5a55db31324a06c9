package org.speccxr.score;

import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.ErrorBreakdown;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every presence x location x severity x comparison an entry can carry (108), on four entities that take both
 * attributes, severity only, location only and neither, through the normaliser and the report score, against the
 * README's definitions written out here: attributes count only on TP entries and only where the entity has them;
 * FP and FN are one error each; each error counts the entity's weight.
 */
class EveryVerdictCombinationTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();

    /** Entity, has location, has severity, weight: as the bundled set says (checked below). */
    record Kind(String entity, boolean location, boolean severity, int weight) {
    }

    static final List<Kind> KINDS = List.of(
            new Kind("pleural_effusion", true, true, 2),
            new Kind("suboptimal_positioning", false, true, 1),
            new Kind("incomplete_field_of_view", true, false, 1),
            new Kind("suboptimal_exposure", false, false, 1));

    @Test
    void theFourEntitiesAreWhatTheTableAssumes() {
        for (Kind k : KINDS) {
            assertThat(SET.get(k.entity()).location()).as(k.entity()).isEqualTo(k.location());
            assertThat(SET.get(k.entity()).severity()).as(k.entity()).isEqualTo(k.severity());
            assertThat(SET.get(k.entity()).weight()).as(k.entity()).isEqualTo((double) k.weight());
        }
    }

    @Test
    void everyCombinationIsNormalisedAndCountedAsDefined() {
        int cases = 0;
        for (Kind k : KINDS) {
            for (Presence p : Presence.values()) {
                for (Alignment loc : Alignment.values()) {
                    for (Alignment sev : Alignment.values()) {
                        for (Comparison cmp : Comparison.values()) {
                            cases++;
                            String what = k.entity() + " " + p + "/" + loc + "/" + sev + "/" + cmp;
                            VerdictRecord r = VerdictNormalizer.toRecord("r", "m", 1, "test",
                                    List.of(new EntityVerdict(k.entity(), p, loc, sev, cmp)), SET);
                            boolean tp = p == Presence.TP;
                            Alignment keptLoc = tp && k.location() ? loc : Alignment.NOT_AVAILABLE;
                            Alignment keptSev = tp && k.severity() ? sev : Alignment.NOT_AVAILABLE;
                            Comparison keptCmp = tp ? cmp : Comparison.OTHER;
                            assertThat(r.entities()).as(what).extracting(EntityVerdict::toString).containsExactly(
                                    k.entity() + ":" + p.wire() + "/" + keptLoc.wire() + "/" + keptSev.wire() + "/"
                                            + keptCmp.wire());

                            int fp = p == Presence.FP ? 1 : 0, fn = p == Presence.FN ? 1 : 0;
                            int locErr = keptLoc == Alignment.NOT_ALIGNED ? 1 : 0;
                            int sevErr = keptSev == Alignment.NOT_ALIGNED ? 1 : 0;
                            int cmpErr = keptCmp == Comparison.OTHER ? 0 : 1;
                            ReportScore s = ReportScore.of(r, SET);
                            assertThat(s.errors()).as(what).isEqualTo(new ErrorBreakdown(tp ? 1 : 0, fp, fn,
                                    p == Presence.TN ? 1 : 0, locErr, sevErr, cmpErr));
                            int errors = fp + fn + locErr + sevErr + cmpErr;
                            assertThat(s.errorCount()).as(what).isEqualTo(errors);
                            assertThat(s.weightedErrors()).as(what).isEqualTo((double) errors * k.weight());
                        }
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(4 * 108);
    }

    @Test
    void aReportSumsItsEntriesAndAnEmptyOneHasNoErrors() {
        // one TP entry of each kind with every attribute wrong: each counts the attributes its entity has
        List<EntityVerdict> worst = new ArrayList<>();
        for (Kind k : KINDS) {
            worst.add(new EntityVerdict(k.entity(), Presence.TP, Alignment.NOT_ALIGNED, Alignment.NOT_ALIGNED,
                    Comparison.MISSING_MENTIONED));
        }
        ReportScore s = ReportScore.of(VerdictNormalizer.toRecord("r", "m", 1, "test", worst, SET), SET);
        // pleural effusion 3 errors x 2, positioning 2 x 1, field of view 2 x 1, exposure 1 x 1
        assertThat(s.errors()).isEqualTo(new ErrorBreakdown(4, 0, 0, 0, 2, 2, 4));
        assertThat(s.errorCount()).isEqualTo(8);
        assertThat(s.weightedErrors()).isEqualTo(11.0);

        ReportScore empty = ReportScore.of(VerdictNormalizer.toRecord("e", "m", 1, "test", List.of(), SET), SET);
        assertThat(empty.errors()).isEqualTo(new ErrorBreakdown(0, 0, 0, 0, 0, 0, 0));
        assertThat(empty.errorCount()).isZero();
        assertThat(empty.weightedErrors()).isZero();
    }
}
