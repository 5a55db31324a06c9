package org.speccxr.judge.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.entity.LabelSet;
import org.speccxr.label.Labeler;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules extraction on sentences written for these tests (none is taken from a benchmark data set). */
class ExtractorTest {
    private static final ReportExtractor X = new ReportExtractor(EntitySetLoader.loadDefault(), RuleSet.loadDefault());

    private static Status status(String report, String entity) {
        Finding f = X.extract(report).get(entity);
        return f == null ? null : f.status();
    }

    private static Finding finding(String report, String entity) {
        Finding f = X.extract(report).get(entity);
        assertThat(f).as("%s in '%s'", entity, report).isNotNull();
        return f;
    }

    // --- negation scope ---

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "No pleural effusion.|pleural_effusion|NEGATIVE",
            "There is no evidence of pneumothorax.|pneumothorax|NEGATIVE",
            "Without focal consolidation.|consolidation|NEGATIVE",
            "Pneumothorax is not seen.|pneumothorax|NEGATIVE",
            "The right effusion has resolved.|pleural_effusion|NEGATIVE",
            "The lungs do not demonstrate an infiltrate or effusion.|pleural_effusion|NEGATIVE",
            "The film does not show a pneumothorax.|pneumothorax|NEGATIVE",
            "No XXXX of a pleural effusion.|pleural_effusion|NEGATIVE",
            "A pneumothorax is unlikely.|pneumothorax|NEGATIVE",
            "There is a small left pleural effusion.|pleural_effusion|POSITIVE",
    })
    void negation(String sentence, String entity, Status expected) {
        assertThat(status(sentence, entity)).isEqualTo(expected);
    }

    @Test
    void listsUnderOneNegation() {
        String s = "No effusion, pneumothorax or consolidation.";
        assertThat(status(s, "pleural_effusion")).isEqualTo(Status.NEGATIVE);
        assertThat(status(s, "pneumothorax")).isEqualTo(Status.NEGATIVE);
        assertThat(status(s, "consolidation")).isEqualTo(Status.NEGATIVE);
        String w = "Stable right effusion without pneumothorax or focal consolidation.";
        assertThat(status(w, "pleural_effusion")).isEqualTo(Status.POSITIVE);
        assertThat(status(w, "pneumothorax")).isEqualTo(Status.NEGATIVE);
        assertThat(status(w, "consolidation")).isEqualTo(Status.NEGATIVE);
    }

    @Test
    void scopeEndsAtButAndHowever() {
        assertThat(status("No pneumothorax, but there is a new left effusion.", "pleural_effusion"))
                .isEqualTo(Status.POSITIVE);
        assertThat(status("No pneumothorax; however a small effusion remains.", "pleural_effusion"))
                .isEqualTo(Status.POSITIVE);
        assertThat(status("No pneumothorax, but there is a new left effusion.", "pneumothorax"))
                .isEqualTo(Status.NEGATIVE);
    }

    @Test
    void pseudoTriggersDoNotNegate() {
        assertThat(status("No change in the small left pleural effusion.", "pleural_effusion")).isEqualTo(Status.POSITIVE);
        assertThat(status("Right basilar atelectasis without significant interval change.", "atelectasis"))
                .isEqualTo(Status.POSITIVE);
        assertThat(status("Redemonstrated without significant interval change is mild left basilar atelectasis.",
                "atelectasis")).isEqualTo(Status.POSITIVE);
    }

    @Test
    void negationGovernsANearerHedge() {
        assertThat(status("No focal opacity to suggest pneumonia.", "pneumonia")).isEqualTo(Status.NEGATIVE);
    }

    // --- uncertainty: speculation vs attribution ---

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "Possible small right effusion.|pleural_effusion|UNCERTAIN",
            "Cannot exclude early pneumonia.|pneumonia|UNCERTAIN",
            "A small pneumothorax cannot be excluded.|pneumothorax|UNCERTAIN",
            "A faint infiltrate cannot be entirely excluded.|lung_opacity|UNCERTAIN",
            "Left basilar opacity, concerning for pneumonia.|pneumonia|UNCERTAIN",
            "Right base opacity may represent atelectasis.|atelectasis|UNCERTAIN",
            "Patchy opacity, atelectasis versus pneumonia.|pneumonia|POSITIVE",
            "Question of a tiny apical pneumothorax.|pneumothorax|UNCERTAIN",
            "Streaky opacity which may be compatible with atelectasis.|atelectasis|UNCERTAIN",
            "Maybe due to chronic scarring or fibrosis.|fibrotic_change|UNCERTAIN",
            "Reticular opacities which may represent changes associated with fibrosis.|fibrotic_change|UNCERTAIN",
            "Retrocardiac opacity consistent with atelectasis.|atelectasis|POSITIVE",
            "Left basilar opacity, likely atelectasis.|atelectasis|POSITIVE",
            "Right lower lobe opacity most compatible with pneumonia.|pneumonia|POSITIVE",
            "Bibasilar opacities due to atelectasis.|atelectasis|POSITIVE",
    })
    void uncertainty(String sentence, String entity, Status expected) {
        assertThat(status(sentence, entity)).isEqualTo(expected);
    }

    @Test
    void hypotheticalMentionsAreDropped() {
        assertThat(status("The portable technique limits evaluation for a small effusion.", "pleural_effusion")).isNull();
        assertThat(status("Overlapping ribs could obscure a small pulmonary nodule.", "pulmonary_nodule")).isNull();
        assertThat(status("Recommend follow-up to evaluate for pneumonia.", "pneumonia")).isNull();
    }

    // --- modifiers ---

    @Test
    void laterality() {
        assertThat(finding("Small left pleural effusion.", "pleural_effusion").sides()).containsExactly("left");
        assertThat(finding("Bilateral pleural effusions.", "pleural_effusion").sides())
                .containsExactlyInAnyOrder("left", "right");
        assertThat(finding("Right upper lobe consolidation.", "consolidation").zones()).contains("upper");
    }

    @Test
    void severity() {
        assertThat(finding("Small left pleural effusion.", "pleural_effusion").severity()).isEqualTo(new Severity(2, 2));
        assertThat(finding("Moderate to large right effusion.", "pleural_effusion").severity()).isEqualTo(new Severity(3, 4));
        assertThat(finding("Trace left effusion.", "pleural_effusion").severity()).isEqualTo(new Severity(1, 1));
    }

    @Test
    void whatAMentionHandsOutCannotChangeALaterExtraction() {
        // The severity used to be the rule set's own int[]: writing it changed every later extraction in the JVM.
        // Severity is a record of two ints now; the sets a mention hands out belong to that extraction alone.
        assertThat(Severity.class.isRecord()).isTrue();
        assertThat(Severity.class.getRecordComponents()).allMatch(c -> c.getType().isPrimitive());
        String report = "Small left pleural effusion.";
        Finding first = finding(report, "pleural_effusion");
        for (Mention m : first.mentions()) {
            tryToAdd(m.sides(), "right");
            tryToAdd(m.zones(), "upper");
        }
        Finding later = finding(report, "pleural_effusion");
        assertThat(later.severity()).isEqualTo(new Severity(2, 2));
        assertThat(later.sides()).containsExactly("left");
        assertThat(later.zones()).isEmpty();
        assertThat(later.mentions()).allMatch(m -> m.severity().equals(new Severity(2, 2)));
    }

    private static void tryToAdd(java.util.Set<String> s, String value) {
        try {
            s.add(value);
        } catch (UnsupportedOperationException expected) {
            // an unmodifiable set is as good
        }
    }

    @Test
    void comparisonWords() {
        assertThat(finding("The left effusion has increased.", "pleural_effusion").comparison()).isTrue();
        assertThat(finding("New right lower lobe consolidation.", "consolidation").comparison()).isTrue();
        assertThat(finding("Left pleural effusion.", "pleural_effusion").comparison()).isFalse();
    }

    // --- normal statements ---

    @Test
    void normalStatements() {
        assertThat(status("The lungs are clear.", "consolidation")).isEqualTo(Status.NEGATIVE);
        assertThat(status("Lungs are clear.", "pulmonary_edema")).isEqualTo(Status.NEGATIVE);
        assertThat(status("Heart size is normal.", "cardiomegaly")).isEqualTo(Status.NEGATIVE);
        assertThat(status("No acute cardiopulmonary process.", "pneumothorax")).isEqualTo(Status.NEGATIVE);
        assertThat(status("No acute cardiopulmonary process.", "pleural_effusion")).isEqualTo(Status.NEGATIVE);
    }

    @Test
    void cardiomegalyPatternRespectsNormalStatements() {
        assertThat(status("The heart is mildly enlarged.", "cardiomegaly")).isEqualTo(Status.POSITIVE);
        assertThat(status("The heart is not enlarged.", "cardiomegaly")).isEqualTo(Status.NEGATIVE);
        assertThat(status("Heart size within normal limits with a prominent aortic knob.", "cardiomegaly"))
                .isEqualTo(Status.NEGATIVE);
        assertThat(status("Heart size at the upper limits of normal or mildly enlarged.", "cardiomegaly"))
                .isEqualTo(Status.UNCERTAIN);
        assertThat(status("Interval increase in heart size.", "cardiomegaly")).isEqualTo(Status.POSITIVE);
    }

    // --- sentences and synonyms ---

    @Test
    void gluedSentencesAreSplit() {
        Map<String, Finding> f = X.extract("Increased left basilar atelectasis.A line may be kinked.");
        assertThat(f.get("atelectasis").status()).isEqualTo(Status.POSITIVE);
        // Decimals stay inside their sentence.
        assertThat(finding("A 1.5 cm nodule in the right upper lobe.", "pulmonary_nodule").sizeMm()).isEqualTo(15.0);
    }

    @Test
    void hyperlucencyAloneIsNotEmphysema() {
        assertThat(status("The lungs are hyperlucent.", "emphysema")).isNull();
        assertThat(status("Hyperinflated lungs consistent with emphysema.", "emphysema")).isEqualTo(Status.POSITIVE);
    }

    // --- ChestX-ray14 label filters ---

    @Test
    void chestXray14HeadNouns() {
        Labeler l = new Labeler(X, LabelSet.named("chestxray14", X.entitySet()));
        List<String> names = l.labelSet().labels().stream().map(LabelSet.Label::label).toList();
        List<Integer> a = l.label("A 6 mm nodular opacity in the left midlung.");
        assertThat(a.get(names.indexOf("Nodule"))).isNull();
        List<Integer> b = l.label("A 6 mm nodule in the left midlung. Bibasilar interstitial infiltrates.");
        assertThat(b.get(names.indexOf("Nodule"))).isEqualTo(1);
        assertThat(b.get(names.indexOf("Infiltration"))).isEqualTo(1);
        List<Integer> c = l.label("Biapical pleural scarring.");
        assertThat(c.get(names.indexOf("Pleural_Thickening"))).isNull();
        Labeler chexpert = new Labeler(X, LabelSet.named("chexpert", X.entitySet()));
        List<String> cx = chexpert.labelSet().labels().stream().map(LabelSet.Label::label).toList();
        assertThat(chexpert.label("Low lung volumes. No focal consolidation, effusion or pneumothorax.")
                .get(cx.indexOf("No Finding"))).as("low volumes are not a finding for No Finding").isEqualTo(1);
        assertThat(chexpert.label("Small left pleural effusion.").get(cx.indexOf("No Finding"))).isNull();
        List<Integer> d = l.label("Possible small left effusion. No pneumothorax.");
        assertThat(d.get(names.indexOf("Effusion"))).isEqualTo(-1);
        assertThat(d.get(names.indexOf("Pneumothorax"))).isEqualTo(0);
        // Pneumonia is the word pneumonia (or pneumonitis): "infection" alone is the pneumonia entity, not the label
        List<Integer> e = l.label("Right upper lobe consolidation consistent with infection.");
        assertThat(e.get(names.indexOf("Pneumonia"))).isNull();
        assertThat(e.get(names.indexOf("Consolidation"))).isEqualTo(1);
        List<Integer> f = l.label("Right upper lobe consolidation consistent with pneumonia.");
        assertThat(f.get(names.indexOf("Pneumonia"))).isEqualTo(1);
    }
}
