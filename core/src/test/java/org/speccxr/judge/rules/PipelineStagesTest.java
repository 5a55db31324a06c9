package org.speccxr.judge.rules;

import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each stage of the rules pipeline does its one job, on sentences written for the test. */
class PipelineStagesTest {
    private static final EntitySet SET = EntitySetLoader.loadDefault();
    private static final RuleSet RULES = RuleSet.loadDefault();
    private static final Clauses CLAUSES = new Clauses(RULES.scope);

    private static SentenceReading reading(String text) {
        Tokens t = Tokens.of(text);
        return new SentenceReading(text, "findings", t, RULES.triggers.findAll(t.words));
    }

    @Test
    void theSegmenterGivesSectionsAndSkipsNothingItself() {
        List<ReportSegmenter.Segment> s = new ReportSegmenter(RULES).segments("HISTORY: cough. FINDINGS: No effusion. Small nodule.");
        assertThat(s).extracting(ReportSegmenter.Segment::section).containsExactly("history", "findings", "findings");
        assertThat(s).extracting(ReportSegmenter.Segment::inNonFindingsSection).containsExactly(true, false, false);
    }

    @Test
    void theStatementFilterKnowsSentencesThatAssertNothing() {
        StatementFilter f = new StatementFilter(RULES);
        assertThat(f.assertsNothing("Is there a pneumothorax?", Tokens.of("Is there a pneumothorax?").words)).isTrue();
        assertThat(f.assertsNothing("PA and lateral views were obtained.", Tokens.of("PA and lateral views were obtained.").words)).isTrue();
        assertThat(f.assertsNothing("Small pneumothorax.", Tokens.of("Small pneumothorax.").words)).isFalse();
        assertThat(f.comparesWholeStudy("No interval change.")).isTrue();
    }

    @Test
    void theTargetMatcherResolvesOverlappingReadings() {
        TargetMatcher m = new TargetMatcher(SET, RULES);
        String text = "Left PICC line with catheter tip in the SVC.";
        // the generic "catheter" beside a named PICC is the PICC's word, not a second device
        assertThat(m.find(text, Tokens.of(text))).extracting(Target::entity).containsExactly("picc_line");
        String rib = "Fracture of the left sixth rib.";
        assertThat(m.find(rib, Tokens.of(rib))).extracting(Target::entity).containsExactly("rib_fracture");
    }

    @Test
    void conTextEndsNegationAtAClauseAndCarriesItThroughAList() {
        TargetMatcher m = new TargetMatcher(SET, RULES);
        ConText c = new ConText(RULES, CLAUSES);
        String text = "No effusion or pneumothorax, the known small right consolidation is unchanged.";
        SentenceReading r = reading(text);
        List<Target> targets = m.find(text, r.tokens);
        ConText.Structure s = c.structure(r, targets);
        assertThat(targets).extracting(Target::entity).containsExactly("pleural_effusion", "pneumothorax", "consolidation");
        assertThat(List.of(c.status(r, targets, 0, s), c.status(r, targets, 1, s), c.status(r, targets, 2, s)))
                .containsExactly(Status.NEGATIVE, Status.NEGATIVE, Status.POSITIVE);
    }

    @Test
    void modifierReadersReadOnlyTheirOwnWords() {
        SentenceReading r = reading("Moderate to large right upper lobe consolidation, unchanged.");
        String[] w = r.words;
        Target t = new Target("consolidation", 5, 6, false);
        assertThat(new LocationReader(RULES, id -> true).sides(r, t, 0, w.length)).containsExactly("right");
        assertThat(new SeverityReader(RULES).severity(w, t, 0, w.length)).isEqualTo(new Severity(3, 4));
        assertThat(new ComparisonReader(RULES).comparison(w, t, 0, w.length)).isTrue();
    }

    @Test
    void postProcessorsReviseMentionsInOrder() {
        SentenceReading r = reading("Right basilar opacity, pneumonia?");
        r.add(new Mention("lung_opacity", Status.POSITIVE, java.util.Set.of("right"), java.util.Set.of("lower"), null, null, false,
                "opacity", r.text, r.section), new Target("lung_opacity", 2, 3, false), new int[]{0, 3});
        r.add(new Mention("pneumonia", Status.POSITIVE, java.util.Set.of(), java.util.Set.of(), null, null, false,
                "pneumonia", r.text, r.section), new Target("pneumonia", 3, 4, false), new int[]{3, 4});
        new QuestionMarks().apply(r);
        assertThat(r.mentions).extracting(Mention::status).containsExactly(Status.POSITIVE, Status.UNCERTAIN);
        new NormalStatements(SET, RULES).apply(r);
        assertThat(r.mentions).hasSize(2); // no normal statement here
    }
}
