package org.speccxr.judge.llm;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.Test;
import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.judge.ReportPair;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compact rendering of the entity set: every id, every look-alike, no inflection variants, a small prefix. */
class CompactPromptTest {
    static final EntitySet SET = EntitySetLoader.loadDefault();
    static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    static String line(String system, String id) {
        int at = -1;
        for (String after : List.of(" ", ":", ";", "\n")) {
            at = at >= 0 ? at : system.indexOf("\n" + id + after);
        }
        assertThat(at).as(id).isGreaterThanOrEqualTo(0);
        int end = system.indexOf('\n', at + 1);
        return system.substring(at + 1, end);
    }

    @Test
    void compactIsTheDefaultAndListsEveryEntityWithItsAttributesAndEveryExclude() throws Exception {
        PromptBuilder p = new PromptBuilder(SET);
        assertThat(p.style()).isEqualTo(PromptBuilder.Style.COMPACT);
        String system = p.system();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/compact-system-prompt.txt"), system);
        for (Entity e : SET.entities()) {
            String line = line(system, e.id());
            String marks = !e.location() && !e.severity() ? "presence only" : !e.location() ? "no location"
                    : !e.severity() ? "no severity" : null;
            String heading = system.substring(system.lastIndexOf("\n## ", system.indexOf(line)), system.indexOf(line));
            if (marks != null) {
                assertThat(heading.substring(0, heading.indexOf('\n', 1)) + line).as(e.id()).contains(marks);
            } else {
                assertThat(line).as(e.id()).doesNotContain("[");
            }
            // every look-alike is kept: verbatim, or as the one it repeats in other word order or inflection
            List<String> kept = CompactEntities.lookAlikes(e);
            for (String x : kept) {
                assertThat(line).as(e.id() + " keeps its look-alike '" + x + "'").contains(x);
            }
            for (String x : e.exclude()) {
                assertThat(kept.stream().anyMatch(k -> k.equals(x) || CompactEntities.sameWords(k, x)))
                        .as(e.id() + ": '" + x + "' is kept or repeats a kept look-alike").isTrue();
            }
        }
        assertThat(line(system, "pericardial_effusion")).doesNotContain("finding").startsWith("pericardial_effusion [no location]; also ");
        assertThat(system).contains("\n## Pleura\n").contains("\n## Dx: infection\n");
        // the names spell out what an id alone would not
        assertThat(line(system, "low_lung_volumes")).startsWith("low_lung_volumes: ... / hypoinflation [no location]");
        assertThat(line(system, "lung_opacity")).contains(" = one not attributed to a more specific entity");
        assertThat(system).contains("\n## Devices, tubes & lines (all no severity)\nendotracheal_tube; also ");
        // look-alikes that only repeat another in other words go
        assertThat(CompactEntities.lookAlikes(entity("lobar_collapse"))).contains("vertebral collapse", "vertebral body collapse")
                .doesNotContain("collapsed vertebral body", "collapse of the vertebral body", "collapse of a vertebral body");
        assertThat(system).doesNotContain("{{");
    }

    @Test
    void nonObviousPhrasingsStayAndInflectionsAndReorderingsGo() {
        String system = new PromptBuilder(SET).system();
        assertThat(line(system, "low_lung_volumes")).contains("bronchovascular crowding").contains("poor inspiratory effort")
                .doesNotContain("hypoinflated").doesNotContain("lung volume are low").doesNotContain("low volume;");
        String hyper = line(system, "hyperinflation");
        assertThat(hyper).contains("flattened diaphragm").contains("air trapping")
                .doesNotContain("lung are hyperexpanded").doesNotContain("hyper inflated").doesNotContain("hyperinflated")
                .doesNotContain("hyper expansion");
        String effusion = line(system, "pleural_effusion");
        assertThat(effusion).contains("meniscus sign").contains("hydrothorax")
                .doesNotContain("fluid in the pleural space").doesNotContain("loculated pleural effusion");
        assertThat(line(system, "costophrenic_angle_blunting")).doesNotContain("blunted costophrenic angle")
                .doesNotContain("costophrenic blunting");
        assertThat(line(system, "emphysema")).doesNotContain("emphysematous");
        assertThat(line(system, "pulmonary_edema")).doesNotContain("edematous");
        // abbreviations of a phrasing an LLM is given anyway go; others stay
        assertThat(line(system, "heart_failure")).doesNotContain("CHF");
        assertThat(line(system, "pneumothorax")).contains("PTX");
        // a variant is dropped only when its words are all known: a new word keeps the phrasing
        assertThat(CompactEntities.phrasings(entity("pulmonary_edema"))).contains("bat-wing opacity");
    }

    @Test
    void droppingRulesOnAHandMadeEntity() {
        Entity e = new Entity("widget_sign", "Widget sign", Entity.Kind.FINDING, "c", "g", true, false,
                List.of("widget sign", "widgets", "signs of widgets", "gizmo", "gizmos", "large gizmo", "doohickey widget",
                        "hyper gizmo"), List.of(), 1);
        // "widgets", "signs of widgets": inflections and reorderings of the name; "gizmos": of a kept phrasing;
        // "large gizmo": a modifier of a known phrasing; "doohickey widget" extends the name; "hyper gizmo" likewise
        assertThat(CompactEntities.phrasings(e)).containsExactly("gizmo");
        assertThat(CompactEntities.stem("hyperexpanded")).isEqualTo("hyperexpand");
        assertThat(CompactEntities.similar(CompactEntities.stem("hyperexpansion"), CompactEntities.stem("hyperexpanded"))).isTrue();
        assertThat(CompactEntities.similar(CompactEntities.stem("pneumonia"), CompactEntities.stem("pneumothorax"))).isFalse();
    }

    @Test
    void sharedPrefixIsWithinTheTargetAndSmallerThanTheFullPrompt() {
        ResponseSchema schema = new ResponseSchema(SET);
        PromptBuilder compact = new PromptBuilder(SET, PromptBuilder.Style.COMPACT);
        PromptBuilder full = new PromptBuilder(SET, PromptBuilder.Style.FULL);
        long compactPrefix = O200K.countTokensOrdinary(compact.system()) + O200K.countTokensOrdinary(schema.json());
        long fullPrefix = O200K.countTokensOrdinary(full.system()) + O200K.countTokensOrdinary(schema.json());
        System.out.println("shared prefix, o200k tokens: compact " + compactPrefix + ", full " + fullPrefix);
        assertThat(compactPrefix).isLessThanOrEqualTo(5_000);
        assertThat(fullPrefix).isGreaterThan(10_000);
    }

    @Test
    void bothStylesShareTheInstructionsAndDifferInHash() {
        PromptBuilder compact = new PromptBuilder(SET, PromptBuilder.Style.COMPACT);
        PromptBuilder full = new PromptBuilder(SET, PromptBuilder.Style.FULL);
        String instructions = full.system().substring(0, full.system().indexOf("\nENTITY SET\n"));
        assertThat(compact.system()).startsWith(instructions + "\nENTITY SET\n");
        assertThat(instructions).contains("Judge comparison per entity").contains("\"again seen\" are comparisons");
        assertThat(compact.hash()).isNotEqualTo(full.hash()).matches("sha256:[0-9a-f]{64}");
        assertThat(new PromptBuilder(SET).hash()).isEqualTo(compact.hash());
        ReportPair pair = new ReportPair("i", "m", "Small effusion.", "No effusion.");
        assertThat(compact.user(pair)).isEqualTo(full.user(pair));
        assertThat(PromptBuilder.Style.parse(null)).isEqualTo(PromptBuilder.Style.COMPACT);
        assertThat(PromptBuilder.Style.parse(" Full ")).isEqualTo(PromptBuilder.Style.FULL);
        assertThatThrownBy(() -> PromptBuilder.Style.parse("short")).hasMessage("--prompt must be compact or full (got 'short')");
    }

    private static Entity entity(String id) {
        return SET.entities().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }
}
