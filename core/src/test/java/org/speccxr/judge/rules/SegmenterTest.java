package org.speccxr.judge.rules;

import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.stats.Coverage;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one report segmentation, as the extractor and {@code coverage} both use it. Reports written for the test. */
class SegmenterTest {
    private static final Coverage COVERAGE = new Coverage(EntitySetLoader.loadDefault(), RuleSet.loadDefault(), false);

    @Test
    void sentencesCarryTheirSection() {
        List<ReportSegmenter.Segment> s = ReportSegmenter.standard().segments(
                "INDICATION: cough. FINDINGS: Lungs: clear. Heart size normal.\nIMPRESSION: No acute disease.");
        assertThat(s).extracting(ReportSegmenter.Segment::text)
                .containsExactly("cough.", "Lungs: clear.", "Heart size normal.", "No acute disease.");
        assertThat(s).extracting(ReportSegmenter.Segment::section)
                .containsExactly("indication", "findings", "findings", "impression");
        assertThat(s.get(0).inNonFindingsSection()).isTrue();
        assertThat(s.get(1).opensSection()).isTrue();
        assertThat(s.get(2).opensSection()).isFalse();
    }

    @Test
    void coverageSplitsAsTheExtractorReads() {
        // "Lungs: clear." is one statement for both (the older coverage splitter cut it at the colon)
        Coverage.ReportCoverage r = COVERAGE.report("r", "Lungs: clear. Small right effusion.");
        assertThat(r.counted()).isEqualTo(2);
        assertThat(r.fullyCovered()).isTrue();
    }

    @Test
    void statementsAboutTheStudyAreNotCounted() {
        Coverage.ReportCoverage r = COVERAGE.report("r", "PA and lateral views of the chest were obtained. 2 images. "
                + "Recommend followup radiographs in 6 weeks. Small left effusion. Stable chest.");
        // technique, image count and a request naming no finding are not counted; a whole-study comparison is covered
        assertThat(r.counted()).isEqualTo(2);
        assertThat(r.fullyCovered()).isTrue();
        assertThat(r.sentences().get(4).entities()).containsExactly(Coverage.WHOLE_STUDY_COMPARISON);
        // a request that names a finding is read and counted
        Coverage.ReportCoverage withFinding = COVERAGE.report("r", "Recommend CT to evaluate the right upper lobe nodule.");
        assertThat(withFinding.counted()).isEqualTo(1);
        assertThat(withFinding.covered()).isEqualTo(1);
        // a redacted subject cannot be read: counted and uncovered
        assertThat(COVERAGE.report("r", "XXXX are normal.").uncovered()).containsExactly("XXXX are normal.");
    }

    @Test
    void theExtractorSkipsTechniqueSentences() {
        ReportExtractor x = new ReportExtractor(EntitySetLoader.loadDefault(), RuleSet.loadDefault());
        assertThat(x.statesNoFinding("PA and lateral views of the chest were obtained.")).isTrue();
        assertThat(x.statesNoFinding("Chest.")).isTrue();
        assertThat(x.statesNoFinding("Lateral view shows a small effusion.")).isFalse();
        assertThat(x.extract("Frontal and lateral views of the chest show a small left effusion.")).containsKey("pleural_effusion");
    }
}
