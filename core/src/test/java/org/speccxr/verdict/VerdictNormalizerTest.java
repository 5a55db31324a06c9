package org.speccxr.verdict;

import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictNormalizerTest {
    private final EntitySet set = EntitySetLoader.loadDefault();

    private static EntityVerdict v(String id, Presence p, Alignment loc, Alignment sev, Comparison cmp) {
        return new EntityVerdict(id, p, loc, sev, cmp);
    }

    @Test
    void duplicateKeepsMajorityPresenceAndThatEntrysAttributes() {
        var r = VerdictNormalizer.normalize(List.of(
                v("pleural_effusion", Presence.FP, Alignment.NOT_AVAILABLE, Alignment.NOT_AVAILABLE, Comparison.OTHER),
                v("pleural_effusion", Presence.TP, Alignment.NOT_ALIGNED, Alignment.ALIGNED, Comparison.OTHER),
                v("pleural_effusion", Presence.TP, Alignment.ALIGNED, Alignment.ALIGNED, Comparison.OTHER)), set);
        assertThat(r.entities()).hasSize(1);
        EntityVerdict e = r.entities().get(0);
        assertThat(e.presence()).isEqualTo(Presence.TP);
        // the first TP entry's attributes are kept
        assertThat(e.location()).isEqualTo(Alignment.NOT_ALIGNED);
        assertThat(r.warnings()).hasSize(1).first().asString().contains("listed 3 times");
    }

    @Test
    void tieKeepsThePresenceSeenFirst() {
        var r = VerdictNormalizer.normalize(List.of(
                v("pneumothorax", Presence.FN, Alignment.NOT_AVAILABLE, Alignment.NOT_AVAILABLE, Comparison.OTHER),
                v("pneumothorax", Presence.TP, Alignment.ALIGNED, Alignment.ALIGNED, Comparison.MISSING_MENTIONED)), set);
        assertThat(r.entities()).extracting(EntityVerdict::presence).containsExactly(Presence.FN);
    }

    @Test
    void unknownEntityIsDroppedWithAWarning() {
        var r = VerdictNormalizer.normalize(List.of(
                EntityVerdict.of("unicorn_sign", Presence.FP), EntityVerdict.of("cardiomegaly", Presence.TN)), set);
        assertThat(r.entities()).extracting(EntityVerdict::entity).containsExactly("cardiomegaly");
        assertThat(r.warnings()).containsExactly("unknown entity 'unicorn_sign' dropped");
    }

    @Test
    void attributesOfNonTpEntriesAreIgnored() {
        var r = VerdictNormalizer.normalize(List.of(
                v("consolidation", Presence.FP, Alignment.NOT_ALIGNED, Alignment.NOT_ALIGNED, Comparison.ADDING_UNMENTIONED),
                v("atelectasis", Presence.FN, Alignment.NOT_ALIGNED, Alignment.ALIGNED, Comparison.MISSING_MENTIONED)), set);
        for (EntityVerdict e : r.entities()) {
            assertThat(e.location()).isEqualTo(Alignment.NOT_AVAILABLE);
            assertThat(e.severity()).isEqualTo(Alignment.NOT_AVAILABLE);
            assertThat(e.comparison()).isEqualTo(Comparison.OTHER);
        }
        assertThat(ErrorBreakdown.of(r.entities()).total()).isEqualTo(2);
    }

    @Test
    void attributesThatDoNotApplyToTheEntityAreIgnored() {
        String noLocation = set.entities().stream().filter(e -> !e.location()).findFirst().orElseThrow().id();
        var r = VerdictNormalizer.normalize(List.of(
                v(noLocation, Presence.TP, Alignment.NOT_ALIGNED, Alignment.NOT_AVAILABLE, Comparison.OTHER)), set);
        assertThat(r.entities().get(0).location()).isEqualTo(Alignment.NOT_AVAILABLE);
    }

    @Test
    void entriesComeOutInEntitySetOrderAndExtraFieldsSurvive() {
        var r = VerdictNormalizer.normalize(List.of(
                EntityVerdict.of("pneumonia", Presence.TP).withExtra("reference_evidence", "RLL pneumonia."),
                EntityVerdict.of("pleural_effusion", Presence.TN)), set);
        assertThat(r.entities()).extracting(EntityVerdict::entity).containsExactly("pleural_effusion", "pneumonia");
        assertThat(r.entities().get(1).extra()).containsEntry("reference_evidence", "RLL pneumonia.");
    }

    @Test
    void errorCountAddsEveryErrorKind() {
        VerdictRecord rec = VerdictNormalizer.toRecord("1", "m", 1, "rules", List.of(
                EntityVerdict.of("pneumonia", Presence.FP),
                EntityVerdict.of("pneumothorax", Presence.FN),
                v("pleural_effusion", Presence.TP, Alignment.NOT_ALIGNED, Alignment.NOT_ALIGNED, Comparison.ADDING_UNMENTIONED),
                v("cardiomegaly", Presence.TP, Alignment.NOT_AVAILABLE, Alignment.ALIGNED, Comparison.MISSING_MENTIONED),
                EntityVerdict.of("atelectasis", Presence.TN)), set);
        // FP 1 + FN 1 + location 1 + severity 1 + comparison 2 (cardiomegaly's location does not apply)
        assertThat(rec.errorCount()).isEqualTo(6);
    }

    @Test
    void priorWarningsAreKeptAndNewOnesAddedOnce() {
        List<EntityVerdict> raw = List.of(EntityVerdict.of("made_up", Presence.FP), EntityVerdict.of("pneumonia", Presence.FN));
        VerdictRecord read = VerdictNormalizer.toRecord("1", "m", 1, "rules", raw,
                List.of("entity 'x' listed 2 times; kept FP", "unknown entity 'made_up' dropped"), set);
        // the second prior warning is the one this normalisation finds again: counted once
        assertThat(read.warnings()).containsExactly("entity 'x' listed 2 times; kept FP", "unknown entity 'made_up' dropped");
        assertThat(read.entities()).extracting(EntityVerdict::entity).containsExactly("pneumonia");
        assertThat(read.errorCount()).isEqualTo(1);
        VerdictRecord fresh = VerdictNormalizer.toRecord("1", "m", 1, "rules", raw, List.of(), set);
        assertThat(fresh.warnings()).containsExactly("unknown entity 'made_up' dropped");
    }

    @Test
    void aNormalisedRecordPassesTheCheckAsItIsAndAnyOtherIsNormalised() {
        VerdictRecord made = VerdictNormalizer.toRecord("1", "m", 1, "rules", List.of(
                EntityVerdict.of("pneumothorax", Presence.FN), EntityVerdict.of("pneumonia", Presence.TP)), set);
        assertThat(VerdictNormalizer.isNormalized(made.entities(), set)).isTrue();
        assertThat(VerdictNormalizer.normalized(made, set)).isSameAs(made);
        // each way a list can fail to be normalised
        EntityVerdict pneumonia = EntityVerdict.of("pneumonia", Presence.TP), ptx = EntityVerdict.of("pneumothorax", Presence.FN);
        assertThat(VerdictNormalizer.isNormalized(List.of(ptx, pneumonia), set))
                .isEqualTo(set.ordinal("pneumothorax") < set.ordinal("pneumonia"));
        assertThat(VerdictNormalizer.isNormalized(List.of(pneumonia, pneumonia), set)).isFalse();
        assertThat(VerdictNormalizer.isNormalized(List.of(EntityVerdict.of("made_up", Presence.TP)), set)).isFalse();
        assertThat(VerdictNormalizer.isNormalized(List.of(v("pneumothorax", Presence.FN, Alignment.ALIGNED,
                Alignment.NOT_AVAILABLE, Comparison.OTHER)), set)).isFalse();
        // a record made against a larger set is normalised against the smaller one it is scored with
        EntitySet small = new EntitySet("s", set.groups(), List.of(set.get("pneumonia")), "sha256:s", "s");
        VerdictRecord again = VerdictNormalizer.normalized(made, small);
        assertThat(again.entities()).extracting(EntityVerdict::entity).containsExactly("pneumonia");
        assertThat(again.warnings()).containsExactly("unknown entity 'pneumothorax' dropped");
        assertThat(again.errorCount()).isZero();
    }
}
