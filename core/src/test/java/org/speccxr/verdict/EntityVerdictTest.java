package org.speccxr.verdict;

import org.junit.jupiter.api.Test;
import org.speccxr.util.Json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntityVerdictTest {

    @Test
    void withExtraReturnsACopyAndLeavesTheOriginalAlone() {
        EntityVerdict plain = EntityVerdict.of("pneumonia", Presence.TP);
        EntityVerdict quoted = plain.withExtra(EntityVerdict.REFERENCE_EVIDENCE, "RLL pneumonia.");
        assertThat(quoted).isNotSameAs(plain);
        assertThat(plain.extra()).isEmpty();
        assertThat(quoted.extra()).containsExactly(java.util.Map.entry(EntityVerdict.REFERENCE_EVIDENCE, "RLL pneumonia."));
        assertThat(quoted.withExtra("x", null)).isSameAs(quoted);
    }

    @Test
    void theExtraFieldsCannotBeChangedThroughTheGetter() {
        EntityVerdict v = EntityVerdict.of("pneumonia", Presence.TP).withExtra("note", "a");
        assertThatThrownBy(() -> v.extra().put("note", "b")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(v.extra()).containsEntry("note", "a");
    }

    @Test
    void unknownJsonFieldsAreReadIntoTheExtraFieldsAndWrittenBack() throws Exception {
        String json = "{\"entity\":\"pneumonia\",\"presence\":\"TP\",\"judge_note\":\"seen twice\","
                + "\"reference_evidence\":\"RLL pneumonia.\"}";
        EntityVerdict v = Json.MAPPER.readValue(json, EntityVerdict.class);
        assertThat(v.extra()).containsEntry("judge_note", "seen twice").containsEntry("reference_evidence", "RLL pneumonia.");
        String back = Json.MAPPER.writeValueAsString(v);
        assertThat(Json.MAPPER.readValue(back, EntityVerdict.class)).isEqualTo(v);
        assertThat(back).contains("\"judge_note\":\"seen twice\"");
    }
}
