package org.speccxr.judge.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.ReportPair;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.EntityVerdict;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pair verdicts of the rules judge: how the location, severity and comparison of one entity in a reference and a
 * candidate report are aligned (sentences written for these tests; none is taken from a data set). What one report
 * alone says (status, side, zone, tip, severity, comparison) is in the regression file {@code regression.yaml},
 * read by {@link RulesRegressionTest}.
 */
class PairVerdictTest {
    private static final RulesJudge JUDGE = new RulesJudge(EntitySetLoader.loadDefault());

    private static java.util.Optional<EntityVerdict> verdictOf(String reference, String candidate, String entity) {
        return JUDGE.judge(new ReportPair("p", "m", reference, candidate), 1).entities().stream()
                .filter(e -> e.entity().equals(entity)).findFirst();
    }

    private static EntityVerdict verdict(String reference, String candidate, String entity) {
        return verdictOf(reference, candidate, entity).orElseThrow();
    }

    /** Device tip position as location. */
    @ParameterizedTest(name = "{0} | {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
            // malpositioned or moved tips
            "ETT tip 3 cm above the carina.|Endotracheal tube tip in the right mainstem bronchus.|endotracheal_tube|NOT_ALIGNED",
            "Right IJ central line with tip in the SVC.|Right IJ central venous catheter tip in the right atrium.|central_venous_catheter|NOT_ALIGNED",
            "NG tube with tip in the stomach.|Nasogastric tube tip in the distal esophagus.|enteric_tube|NOT_ALIGNED",
            "ETT terminates at the thoracic inlet.|Endotracheal tube 5 cm above the carina.|endotracheal_tube|NOT_ALIGNED",
            // the same place in other words
            "ETT tip 4 cm above the carina.|The endotracheal tube terminates 5 cm above the carina.|endotracheal_tube|ALIGNED",
            "NG tube tip in the stomach.|Enteric tube courses below the diaphragm.|enteric_tube|ALIGNED",
            "Right PICC tip at the cavoatrial junction.|Right PICC with tip in the lower SVC.|picc_line|ALIGNED",
            "Right PICC tip at the cavoatrial junction.|Right PICC with tip in the right atrium.|picc_line|ALIGNED",
            // no tip stated on one side
            "Right IJ central line in place.|Right IJ central line with tip in the SVC.|central_venous_catheter|ALIGNED",
            "Endotracheal tube in place.|ETT 4 cm above the carina.|endotracheal_tube|NOT_AVAILABLE",
    })
    void tipPosition(String reference, String candidate, String entity, Alignment expected) {
        assertLocation(reference, candidate, entity, expected);
    }

    /** Which rib, and which part of it, as a rib fracture's location (location.entity_zones). */
    @ParameterizedTest(name = "{0} | {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "Healed fracture of the left ninth rib.|Old fracture of the left sixth rib.|NOT_ALIGNED",
            "Old fracture of the posterior left sixth rib.|Old fracture of the lateral left sixth rib.|ALIGNED",
            "Old fracture of the posterior left sixth rib.|Old healed fractures of left lateral ribs.|NOT_ALIGNED",
            "Old fracture of the left sixth rib.|Old healed fractures of left ribs.|ALIGNED",
            "Old fracture of the left 6th rib.|Old fracture of the left sixth rib.|ALIGNED",
            // a lung zone and a rib's number are places of different kinds, neither conflicting with the other
            "Healed fractures of the lower left ribs.|Healed fracture of the left 10th rib.|ALIGNED",
    })
    void ribLevel(String reference, String candidate, Alignment expected) {
        assertLocation(reference, candidate, "rib_fracture", expected);
    }

    /** Both reports state the entity (TP), and their locations compare as expected. */
    private static void assertLocation(String reference, String candidate, String entity, Alignment expected) {
        EntityVerdict v = verdict(reference, candidate, entity);
        assertThat(v.presence().wire()).isEqualTo("TP");
        assertThat(v.location()).isEqualTo(expected);
    }

    @Test
    void modifiersStayWithTheirOwnFinding() {
        String r = "Right upper lobe pneumonia with a left pleural effusion.";
        String c = "Right upper lobe pneumonia. Left pleural effusion.";
        assertThat(verdict(r, c, "pneumonia").location()).isEqualTo(Alignment.ALIGNED);
        assertThat(verdict(r, c, "pleural_effusion").location()).isEqualTo(Alignment.ALIGNED);
        String r2 = "There is opacity at the left base and a right pleural effusion.";
        String c2 = "Left basilar opacity. Right pleural effusion.";
        assertThat(verdict(r2, c2, "lung_opacity").location()).isEqualTo(Alignment.ALIGNED);
        assertThat(verdict(r2, c2, "pleural_effusion").location()).isEqualTo(Alignment.ALIGNED);
        // severity and comparison words stay with theirs too
        EntityVerdict ptx = verdict("Right pneumothorax and new small left pleural effusion.", "Large right pneumothorax.",
                "pneumothorax");
        assertThat(ptx.severity()).isEqualTo(Alignment.NOT_AVAILABLE);
        assertThat(ptx.comparison().wire()).isEqualTo("other");
    }

    @Test
    void locationAbbreviationsAndSeverityWords() {
        assertThat(verdict("RLL consolidation.", "Left lower lobe consolidation.", "consolidation").location())
                .isEqualTo(Alignment.NOT_ALIGNED);
        assertThat(verdict("Left lower lobe consolidation.", "LLL consolidation.", "consolidation").location())
                .isEqualTo(Alignment.ALIGNED);
        assertThat(verdict("Bilat lower lobe atelectasis.", "Left lower lobe atelectasis.", "atelectasis").location())
                .isEqualTo(Alignment.NOT_ALIGNED);
        assertThat(verdict("Left pleural effusion is grossly unchanged.", "Small left pleural effusion.",
                "pleural_effusion").severity()).isEqualTo(Alignment.NOT_AVAILABLE);
        assertThat(verdict("A 5-mm right upper lobe nodule.", "A 2-cm right upper lobe nodule.", "pulmonary_nodule")
                .severity()).isEqualTo(Alignment.NOT_ALIGNED);
        assertThat(verdict("Sizable right pleural effusion.", "Small right pleural effusion.", "pleural_effusion")
                .severity()).isEqualTo(Alignment.NOT_ALIGNED);
        // the low grades are compatible with one another (the annotation guide: "mild" and "minimal", "small" and
        // "trace"); a low grade against a moderate or higher one is not
        assertThat(verdict("Minimal thoracic scoliosis.", "Mild scoliosis.", "scoliosis").severity())
                .isEqualTo(Alignment.ALIGNED);
        assertThat(verdict("Trace left pleural effusion.", "Small left pleural effusion.", "pleural_effusion")
                .severity()).isEqualTo(Alignment.ALIGNED);
        assertThat(verdict("Slightly low lung volumes.", "Moderately low lung volumes.", "low_lung_volumes")
                .severity()).isEqualTo(Alignment.NOT_ALIGNED);
    }

    @Test
    void comparisonHeartChambersAndCarinaDistances() {
        // comparison words inside the heart's own phrasing, and a whole-study comparison
        assertThat(verdict("The heart remains moderately enlarged.", "Moderate cardiomegaly is unchanged.", "cardiomegaly")
                .comparison().wire()).isEqualTo("other");
        assertThat(verdict("No significant interval change. Moderate cardiomegaly.", "Moderate cardiomegaly, unchanged.",
                "cardiomegaly").comparison().wire()).isEqualTo("other");
        assertThat(verdict("Moderate cardiomegaly.", "Moderate cardiomegaly. No interval change.", "cardiomegaly")
                .comparison().wire()).isEqualTo("adding-unmentioned-comparison");
        // sides compared with each other are not a comparison with a prior study
        assertThat(verdict("Layering bilateral pleural effusions, right greater than left.",
                "Bilateral pleural effusions, larger on the right.", "pleural_effusion").comparison().wire()).isEqualTo("other");
        // heart chambers are not sides; the distance above the carina is a position
        assertThat(verdict("Left-sided pacemaker with leads in the right atrium and right ventricle.",
                "Left chest wall pacemaker.", "cardiac_device").location()).isEqualTo(Alignment.ALIGNED);
        assertThat(verdict("Endotracheal tube tip 1 cm above the carina.", "Endotracheal tube 4 cm above the carina.",
                "endotracheal_tube").location()).isEqualTo(Alignment.NOT_ALIGNED);
        assertThat(verdict("Endotracheal tube tip 4 cm above the carina.", "ETT 5 cm above the carina.",
                "endotracheal_tube").location()).isEqualTo(Alignment.ALIGNED);
        assertThat(verdict("Right IJ line tip in the SVC.", "Right IJ line tip in the RA.", "central_venous_catheter")
                .location()).isEqualTo(Alignment.NOT_ALIGNED);
    }

    @Test
    void anOpacityAttributedToAFindingIsThatFinding() {
        EntityVerdict a = verdict("Streaky opacity at the left lung base likely reflects atelectasis.",
                "Left basilar linear atelectasis.", "atelectasis");
        assertThat(a.presence().wire()).isEqualTo("TP");
        assertThat(a.location()).as("the opacity's location goes to the atelectasis").isEqualTo(Alignment.ALIGNED);
        // an opacity a report states only as the description of a finding is that finding, not an entity of its own
        assertThat(verdictOf("Streaky opacity at the left lung base likely reflects atelectasis.", "Left basilar atelectasis.",
                "lung_opacity")).isEmpty();
        assertThat(verdictOf("Interstitial edema.", "Interstitial opacities consistent with pulmonary edema.",
                "interstitial_opacity")).isEmpty();
        // ...and an opacity attributed to a diagnosis stands: the candidate states one, the reference does not
        assertThat(verdict("Left basilar opacity, likely atelectasis.", "Left basilar opacity, likely pneumonia.",
                "lung_opacity").presence().wire()).isEqualTo("FP");
        assertThat(verdict("Left basilar opacity, likely atelectasis.", "Left basilar opacity, likely pneumonia.",
                "atelectasis").presence().wire()).isEqualTo("FN");
        // only the next finding explains an opacity, and not across "with"
        assertThat(verdict("Right lower lobe opacity, likely pneumonia, and left basilar atelectasis.",
                "Left basilar atelectasis. Right lower lobe opacity, likely pneumonia.", "lung_opacity").presence().wire())
                .isEqualTo("TP");
        assertThat(verdict("Left lower lobe opacity with possible small effusion.",
                "Left lower lobe opacity. Possible small right effusion.", "pleural_effusion").location())
                .isEqualTo(Alignment.NOT_AVAILABLE);
    }

    @Test
    void listsShareTheirLocationAndComparisonWords() {
        assertThat(verdict("Pulmonary vascular congestion and pulmonary edema have improved.",
                "Improved vascular congestion and pulmonary edema.", "pulmonary_edema").comparison().wire()).isEqualTo("other");
        for (String e : new String[]{"endotracheal_tube", "enteric_tube", "central_venous_catheter"}) {
            assertThat(verdict("ETT, NG tube, and right IJ line unchanged.",
                    "Unchanged ET tube, NGT and right internal jugular catheter.", e).comparison().wire()).as(e).isEqualTo("other");
        }
        assertThat(verdict("Left basilar atelectasis and effusion.", "Right basilar atelectasis and effusion.",
                "pleural_effusion").location()).isEqualTo(Alignment.NOT_ALIGNED);
        assertThat(verdict("Small left pleural effusion and left basilar atelectasis, both unchanged.",
                "Unchanged small left pleural effusion. Unchanged left basilar atelectasis.", "atelectasis").location())
                .as("'both' is not bilateral").isEqualTo(Alignment.ALIGNED);
        // an uncertain explanation of an opacity is where the opacity is
        assertThat(verdict("Left retrocardiac opacity may represent atelectasis or pneumonia.",
                "Right lower lobe atelectasis or pneumonia.", "pneumonia").location()).isEqualTo(Alignment.NOT_ALIGNED);
        // a comparison word does not leak onto a neighbour across "despite"
        assertThat(verdict("Right pneumothorax has increased in size despite the chest tube.",
                "Larger right pneumothorax with right chest tube in place.", "chest_tube").comparison().wire()).isEqualTo("other");
        assertThat(verdict("New right chest tube with small residual right apical pneumothorax.",
                "A right-sided chest tube has been placed. Small residual right apical pneumothorax.", "chest_tube")
                .comparison().wire()).isEqualTo("other");
    }

    @Test
    void membersWithWordsOfTheirOwnAndWholeStudyComparisons() {
        // a member with words of its own does not take the list's leading words
        assertThat(verdict("Right pneumothorax and small effusion.", "Right pneumothorax and small left effusion.",
                "pleural_effusion").location()).isEqualTo(Alignment.NOT_AVAILABLE);
        assertThat(verdict("New right lower lobe opacity and small left effusion.",
                "New right lower lobe opacity. Small left effusion.", "pleural_effusion").comparison().wire()).isEqualTo("other");
        assertThat(verdict("Right upper lobe consolidation and left effusion.",
                "Right upper lobe consolidation. Small effusion at the left base.", "pleural_effusion").location())
                .isEqualTo(Alignment.ALIGNED);
        // a comma right before the next finding ends the first one's reach
        assertThat(verdict("Pneumothorax on the right, effusion on the left.", "Right pneumothorax. Left effusion.",
                "pleural_effusion").location()).isEqualTo(Alignment.ALIGNED);
        // whole-study comparisons in more words; history is not comparison
        assertThat(verdict("Compared to prior, no significant change. Small left effusion.", "Small left effusion, unchanged.",
                "pleural_effusion").comparison().wire()).isEqualTo("other");
        assertThat(verdict("Status post prior right upper lobectomy and median sternotomy.",
                "Status post right upper lobectomy and median sternotomy.", "sternotomy_cabg").comparison().wire())
                .isEqualTo("other");
    }

    @Test
    void commaSeparatedModifiersAndOpacitiesJudgedThroughTheirFinding() {
        assertThat(verdict("Mild cardiomegaly, unchanged, and small bilateral effusions.",
                "Stable mild cardiomegaly. Small bilateral effusions.", "pleural_effusion").comparison().wire()).isEqualTo("other");
        assertThat(verdict("Right pleural effusion, small, with adjacent atelectasis.",
                "Large right pleural effusion with adjacent atelectasis.", "pleural_effusion").severity())
                .isEqualTo(Alignment.NOT_ALIGNED);
        assertThat(verdict("Right apical pneumothorax, previously 3 cm, now measuring 1 cm.",
                "Right apical pneumothorax now measures 1 cm, decreased.", "pneumothorax").severity()).isEqualTo(Alignment.ALIGNED);
        assertThat(verdict("Mild cardiomegaly, as before.", "Stable mild cardiomegaly.", "cardiomegaly").comparison().wire())
                .isEqualTo("other");
        assertThat(verdict("Findings are unchanged from the prior study. Mild cardiomegaly.", "Stable mild cardiomegaly.",
                "cardiomegaly").comparison().wire()).isEqualTo("other");
        assertThat(verdict("Post-surgical changes from prior CABG.", "Post-surgical changes of CABG.", "sternotomy_cabg")
                .comparison().wire()).isEqualTo("other");
        // an opacity that only describes a finding is judged through the finding, not twice
        assertThat(verdictOf("Patchy opacity at the left base likely represents atelectasis.",
                "Right basilar atelectasis.", "lung_opacity")).isEmpty();
        assertThat(verdict("Patchy opacity at the left base likely represents atelectasis.", "Right basilar atelectasis.",
                "atelectasis").location()).isEqualTo(Alignment.NOT_ALIGNED);
    }

    @Test
    void wholeStudyComparisonsWithDatesAndPrefixes() {
        for (String r : new String[]{"No change since 3.4.2020. Mild cardiomegaly.",
                "Compared with the study from 3/4/2020, no interval change. Mild cardiomegaly.",
                "Unchanged from prior. Mild cardiomegaly."}) {
            assertThat(verdict(r, "Mild cardiomegaly, unchanged.", "cardiomegaly").comparison().wire()).as(r).isEqualTo("other");
        }
    }

    @Test
    void contextAndLocationOutsideTheLungs() {
        // spine levels and regions are locations: "the thoracic spine" and "the spine" are compatible
        assertThat(verdict("Degenerative changes of the thoracic spine.", "Degenerative changes of the spine.",
                "spinal_degenerative_changes").location()).isEqualTo(Alignment.ALIGNED);
        // but the spine alone is where spinal degeneration always is (location.implied_zones): no location in either
        assertThat(verdict("Mild degenerative change in the spine.", "Degenerative changes of the spine.",
                "spinal_degenerative_changes").location()).isEqualTo(Alignment.NOT_AVAILABLE);
        assertThat(verdict("Thoracic spine degenerative change.", "Moderate spondylosis in the thoracic spine.",
                "spinal_degenerative_changes").location()).isEqualTo(Alignment.ALIGNED);
        // free air is always under the diaphragm: that alone is no location, and a side is compatible with it
        assertThat(verdict("Free air under the diaphragm.", "Pneumoperitoneum, with air beneath the diaphragm.",
                "pneumoperitoneum").location()).isEqualTo(Alignment.NOT_AVAILABLE);
        assertThat(verdict("Free air under the right hemidiaphragm.", "Free air under the diaphragm.",
                "pneumoperitoneum").location()).isEqualTo(Alignment.ALIGNED);
        assertThat(verdict("Free air under the right hemidiaphragm.", "Free air under the left hemidiaphragm.",
                "pneumoperitoneum").location()).isEqualTo(Alignment.NOT_ALIGNED);
        assertThat(verdict("Mediastinal calcified lymph nodes.", "Calcified mediastinal lymph node.", "calcified_granuloma")
                .location()).isEqualTo(Alignment.ALIGNED);
        // a disease's history is not a comparison
        assertThat(verdict("Prior calcified granulomatous disease.", "Old granulomatous disease.",
                "prior_granulomatous_disease").comparison().wire()).isEqualTo("other");
        // an opacity attributed to its finding through a redacted word is that finding
        assertThat(verdictOf("Streaky basilar opacities XXXX atelectasis.", "Basilar atelectasis.", "lung_opacity")).isEmpty();
    }

    @Test
    void bilateralAbbreviation() {
        assertThat(verdict("Small b/l pleural effusions.", "Small bilateral pleural effusions.", "pleural_effusion").location())
                .isEqualTo(Alignment.ALIGNED);
    }

    @Test
    void misdirectedAndMalpositionedTubes() {
        assertThat(verdict("Left subclavian line tip directed cephalad into the left internal jugular vein.",
                "Left subclavian central line with tip in the SVC.", "central_venous_catheter").location())
                .isEqualTo(Alignment.NOT_ALIGNED);
        assertThat(verdict("Enteric tube tip coiled in the hypopharynx.", "Enteric tube with tip in the stomach.",
                "enteric_tube").location()).isEqualTo(Alignment.NOT_ALIGNED);
        assertThat(verdict("NG tube tip in the oesophagus.", "NG tube tip in the stomach.", "enteric_tube").location())
                .isEqualTo(Alignment.NOT_ALIGNED);
    }
}
