package org.speccxr.judge.rules;

import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.entity.LabelSet;
import org.speccxr.label.Labeler;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules extraction's API behaviour and the label filters built on it, on sentences written for these tests (none
 * is taken from a benchmark data set). What the extraction reads from a report (status, side, zone, tip, severity,
 * comparison) is in the regression file {@code regression.yaml}, read by {@link RulesRegressionTest}.
 */
class ExtractorTest {
    private static final ReportExtractor X = new ReportExtractor(EntitySetLoader.loadDefault(), RuleSet.loadDefault());

    private static Finding finding(String report, String entity) {
        Finding f = X.extract(report).get(entity);
        assertThat(f).as("%s in '%s'", entity, report).isNotNull();
        return f;
    }

    // --- what a mention hands out ---

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
        // an enlarged cardiac silhouette is MeSH's Cardiac Shadow, not Cardiomegaly; the word cardiomegaly still counts
        assertThat(l.label("The cardiac silhouette is enlarged to a mild degree.").get(names.indexOf("Cardiomegaly"))).isNull();
        Labeler perEntity = new Labeler(X, LabelSet.named("spec-cxr", X.entitySet()));
        List<String> ids = perEntity.labelSet().labels().stream().map(LabelSet.Label::label).toList();
        assertThat(perEntity.label("The cardiac silhouette is enlarged to a mild degree.").get(ids.indexOf("cardiomegaly")))
                .as("the entity is read; only the label leaves it out").isEqualTo(1);
        assertThat(perEntity.label("Enlarged left ventricle.").get(ids.indexOf("cardiomegaly"))).isEqualTo(1);
        assertThat(l.label("Enlarged cardiac silhouette, consistent with cardiomegaly.")
                .get(names.indexOf("Cardiomegaly"))).isEqualTo(1);
        assertThat(l.label("The heart is enlarged.").get(names.indexOf("Cardiomegaly"))).isEqualTo(1);
        assertThat(l.label("Enlarged left ventricle.").get(names.indexOf("Cardiomegaly"))).isNull();
        assertThat(l.label("The cardiac silhouette does not look enlarged.").get(names.indexOf("Cardiomegaly")))
                .as("a negated excluded wording still says the label is absent").isEqualTo(0);
        // the gold turns MeSH Thickening at any site into Pleural_Thickening; the label stays pleural
        assertThat(l.label("Peribronchial cuffing.").get(names.indexOf("Pleural_Thickening"))).isNull();
    }
}
