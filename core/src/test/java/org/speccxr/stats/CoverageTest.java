package org.speccxr.stats;

import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.rules.RuleSet;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CoverageTest {
    static final String REPORT = "INDICATION: Cough.\nCOMPARISON: None.\nFINDINGS: Heart size is normal. Small right pleural effusion. "
            + "Degenerative changes of the thoracic spine. No acute bony abnormality.\nIMPRESSION: Small effusion.";

    static EntitySet chexpert() {
        return EntitySetLoader.fromResource("/org/speccxr/entities/chexpert14-entities.yaml", "chexpert14");
    }

    @Test
    void defaultSetCoversEverySentenceOfTheFindings() {
        Coverage.ReportCoverage r = new Coverage(EntitySetLoader.loadDefault(), RuleSet.loadDefault(), false).report("r1", REPORT);
        // 7 sentences; the INDICATION and COMPARISON ones are skipped
        assertThat(r.sentences()).hasSize(7);
        assertThat(r.counted()).isEqualTo(5);
        assertThat(r.covered()).isEqualTo(5);
        assertThat(r.fullyCovered()).isTrue();
        assertThat(r.sentences().get(2).entities()).containsExactly("cardiomegaly"); // a normal statement covers it
    }

    @Test
    void chexpertSetMissesWhatItCannotExpress() {
        Coverage.ReportCoverage r = new Coverage(chexpert(), RuleSet.loadDefault(), false).report("r1", REPORT);
        assertThat(r.counted()).isEqualTo(5);
        assertThat(r.uncovered()).containsExactly("Degenerative changes of the thoracic spine.", "No acute bony abnormality.");
        assertThat(r.fullyCovered()).isFalse();
        Coverage.Summary s = Coverage.summarise("chexpert14", chexpert(), List.of(r,
                new Coverage(chexpert(), RuleSet.loadDefault(), false).report("r2", "No pneumothorax. Lungs are clear."),
                new Coverage(chexpert(), RuleSet.loadDefault(), false).report("r3", "INDICATION: fever.")));
        assertThat(s.reports()).isEqualTo(3);
        assertThat(s.measured()).isEqualTo(2); // r3 has nothing to cover
        assertThat(s.fullyCovered()).isEqualTo(1);
        assertThat(s.fullCoverage()).isEqualTo(0.5);
        assertThat(s.sentences()).isEqualTo(7);
        assertThat(s.coveredSentences()).isEqualTo(5);
    }

    @Test
    void allSectionsCountsTheSkippedOnes() {
        Coverage.ReportCoverage r = new Coverage(EntitySetLoader.loadDefault(), RuleSet.loadDefault(), true).report("r1", REPORT);
        assertThat(r.counted()).isEqualTo(7);
        assertThat(r.uncovered()).containsExactly("Cough.", "None.");
    }

    @Test
    void chexpertSetIsValidAndReusesDefaultIds() {
        EntitySet c = chexpert();
        assertThat(c.entities()).hasSize(13);
        assertThat(c.groups()).hasSize(5);
        EntitySet d = EntitySetLoader.loadDefault();
        assertThat(c.ids()).filteredOn(d::contains).containsExactly("mediastinal_widening", "cardiomegaly", "lung_opacity",
                "pulmonary_edema", "consolidation", "pneumonia", "atelectasis", "pneumothorax", "pleural_effusion");
        assertThat(c.get("pneumothorax").weight()).isEqualTo(3);
        // "pericardial effusion" must not read as a pleural effusion
        Coverage.ReportCoverage r = new Coverage(c, RuleSet.loadDefault(), false).report("x", "Small pericardial effusion.");
        assertThat(r.covered()).isZero();
    }
}
