package org.speccxr.judge.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.ReportPair;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;

import static org.assertj.core.api.Assertions.assertThat;

/** Device tip position as location: pairs of sentences written for this test. */
class DeviceTipTest {
    private static final RulesJudge JUDGE = new RulesJudge(EntitySetLoader.loadDefault());

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
        EntityVerdict v = JUDGE.judge(new ReportPair("p", "m", reference, candidate), 1).entities().stream()
                .filter(e -> e.entity().equals(entity)).findFirst().orElseThrow();
        assertThat(v.presence()).isEqualTo(Presence.TP);
        assertThat(v.location()).isEqualTo(expected);
    }
}
