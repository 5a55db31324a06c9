package org.speccxr.judge.llm;

import org.junit.jupiter.api.Test;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.ReportPair;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which pairs the export keeps (agreement over runs), the answer it writes, and the split by reference. */
class FineTuneExportTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();

    static VerdictRecord record(String id, String model, int run, Presence presence) {
        return VerdictNormalizer.toRecord(id, model, run, "openai:teacher",
                List.of(EntityVerdict.of("pleural_effusion", presence)), SET);
    }

    @Test
    void minAgreementKeepsPairsWhoseRunsAgreeAndWritesTheMajorityAnswer() {
        List<ReportPair> pairs = List.of(new ReportPair("a", "m", "Effusion.", "Effusion."),
                new ReportPair("b", "m", "Effusion.", "No effusion."));
        List<VerdictRecord> records = List.of(
                record("a", "m", 1, Presence.TP), record("a", "m", 2, Presence.FN), record("a", "m", 3, Presence.TP),
                record("b", "m", 1, Presence.FN), record("b", "m", 2, Presence.TP), record("b", "m", 3, Presence.FP),
                record("zz", "m", 1, Presence.TP));
        FineTuneExport.Result two = FineTuneExport.build(pairs, records, 2, 0, 1);
        assertThat(two.examples()).hasSize(1);
        FineTuneExport.Example a = two.examples().get(0);
        assertThat(a.pair().id()).isEqualTo("a");
        assertThat(a.agreeing()).isEqualTo(2);
        assertThat(a.answer()).isEqualTo("{\"entities\":[{\"entity\":\"pleural_effusion\",\"reference_evidence\":\"\","
                + "\"candidate_evidence\":\"\",\"presence\":\"TP\",\"location\":\"not-available\",\"severity\":\"not-available\","
                + "\"comparison\":\"other\"}]}");
        assertThat(two.noAgreement()).isEqualTo(1);
        assertThat(two.noPair()).as("a record without its pair").isEqualTo(1);
        // with any agreement, a three-way split keeps the first run's answer
        FineTuneExport.Result one = FineTuneExport.build(pairs, records, 1, 0, 1);
        assertThat(one.examples()).hasSize(2);
        assertThat(one.examples().get(1).answer()).contains("\"presence\":\"FN\"");
        assertThatThrownBy(() -> FineTuneExport.build(pairs, records, 4, 0, 1))
                .hasMessageContaining("--min-agreement 4 needs at least that many runs per pair; the evaluations have at most 3");
    }

    @Test
    void validationTakesAShareOfReferenceIdsWithAllTheirModels() {
        List<ReportPair> pairs = new ArrayList<>();
        List<VerdictRecord> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            for (String model : List.of("m1", "m2")) {
                pairs.add(new ReportPair("r" + i, model, "Effusion " + i + ".", "Effusion."));
                records.add(record("r" + i, model, 1, Presence.TP));
            }
        }
        FineTuneExport.Result r = FineTuneExport.build(pairs, records, 1, 0.25, 7);
        assertThat(r.validationIds()).hasSize(10);
        Set<String> train = new LinkedHashSet<>();
        r.train().forEach(e -> train.add(e.pair().id()));
        Set<String> validation = new LinkedHashSet<>();
        r.validation().forEach(e -> validation.add(e.pair().id()));
        assertThat(train).doesNotContainAnyElementsOf(validation);
        assertThat(r.validation()).hasSize(20);
        assertThat(FineTuneExport.build(pairs, records, 1, 0.25, 7).validationIds()).isEqualTo(r.validationIds());
        assertThat(FineTuneExport.build(pairs, records, 1, 0.25, 8).validationIds()).isNotEqualTo(r.validationIds());
        assertThat(FineTuneExport.build(pairs, records, 1, 0, 7).validation()).isEmpty();
    }

    @Test
    void thePromptIsTheOneTheTeacherWasSentByItsHash() {
        PromptBuilder full = new PromptBuilder(SET, PromptBuilder.Style.FULL);
        assertThat(FineTuneExport.prompt(SET, full.hash(), null).style()).isEqualTo(PromptBuilder.Style.FULL);
        assertThat(FineTuneExport.prompt(SET, new PromptBuilder(SET).hash(), null).style()).isEqualTo(PromptBuilder.Style.COMPACT);
        assertThat(FineTuneExport.prompt(SET, null, null).style()).isEqualTo(PromptBuilder.Style.COMPACT);
        assertThatThrownBy(() -> FineTuneExport.prompt(SET, "sha256:00", null))
                .hasMessageStartingWith("the teacher's prompt_hash sha256:00 is neither prompt of this spec-cxr version");
        assertThat(FineTuneExport.prompt(SET, "sha256:00", "full").style()).isEqualTo(PromptBuilder.Style.FULL);
    }
}
