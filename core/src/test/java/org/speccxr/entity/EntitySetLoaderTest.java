package org.speccxr.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntitySetLoaderTest {

    @Test
    void defaultSetHas89Findings33DiagnosesIn15Groups() {
        EntitySet s = EntitySetLoader.loadDefault();
        assertThat(s.count(Entity.Kind.FINDING)).isEqualTo(89);
        assertThat(s.count(Entity.Kind.DIAGNOSIS)).isEqualTo(33);
        assertThat(s.groups()).hasSize(15);
        assertThat(s.ids()).contains("pleural_effusion", "pneumothorax", "cardiomegaly", "consolidation", "atelectasis",
                "pulmonary_edema", "pneumonia");
        assertThat(s.hash()).startsWith("sha256:").hasSize(71);
        for (Group g : s.groups()) {
            assertThat(s.inGroup(g.id())).as("group %s", g.id()).isNotEmpty();
        }
    }

    @Test
    void entitiesAreMutuallyExclusive_noPhraseNamesTwoEntities() {
        EntitySet s = EntitySetLoader.loadDefault();
        Set<String> seen = new HashSet<>();
        for (Entity e : s.entities()) {
            for (String syn : e.synonyms()) {
                String key = String.join(" ", org.speccxr.judge.rules.Phrases.words(syn));
                assertThat(seen.add(key)).as("synonym '%s' of %s is also another entity's", syn, e.id()).isTrue();
            }
        }
    }

    @Test
    void everyCheXpertObservationAndChestXray14LabelIsMapped() {
        EntitySet s = EntitySetLoader.loadDefault();
        LabelSet chexpert = LabelSet.named("chexpert", s);
        assertThat(chexpert.labels()).extracting(LabelSet.Label::label).containsExactly("No Finding",
                "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Lesion", "Lung Opacity", "Edema", "Consolidation",
                "Pneumonia", "Atelectasis", "Pneumothorax", "Pleural Effusion", "Pleural Other", "Fracture", "Support Devices");
        chexpert.labels().stream().filter(l -> !l.noFinding()).forEach(l -> assertThat(l.entities()).isNotEmpty());
        LabelSet cxr14 = LabelSet.named("chestxray14", s);
        assertThat(cxr14.labels()).extracting(LabelSet.Label::label).containsExactly("Atelectasis", "Cardiomegaly",
                "Effusion", "Infiltration", "Mass", "Nodule", "Pneumonia", "Pneumothorax", "Consolidation", "Edema",
                "Emphysema", "Fibrosis", "Pleural_Thickening", "Hernia");
        cxr14.labels().forEach(l -> assertThat(l.entities()).isNotEmpty());
        assertThat(LabelSet.named("spec-cxr", s).labels()).hasSize(122);
    }

    @Test
    void hashIgnoresCommentsButNotContent(@TempDir Path dir) throws IOException {
        String base = minimal("effusion");
        Path a = Files.writeString(dir.resolve("a.yaml"), base);
        Path b = Files.writeString(dir.resolve("b.yaml"), "# a comment\n" + base);
        Path c = Files.writeString(dir.resolve("c.yaml"), minimal("pleural fluid"));
        assertThat(EntitySetLoader.load(a).hash()).isEqualTo(EntitySetLoader.load(b).hash());
        assertThat(EntitySetLoader.load(a).hash()).isNotEqualTo(EntitySetLoader.load(c).hash());
    }

    static String minimal(String synonym) {
        return "version: '1'\ngroups:\n  - id: pleura\n    name: Pleura\nentities:\n"
                + "  - id: pleural_effusion\n    name: Pleural effusion\n    kind: finding\n    category: pleura\n"
                + "    group: pleura\n    location: true\n    severity: true\n    synonyms: ['" + synonym + "']\n";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "duplicate|duplicate entity id 'pleural_effusion'",
            "unknown-group|unknown group 'lungs'",
            "missing-name|missing field 'name'",
            "bad-kind|kind must be 'finding' or 'diagnosis'",
            "bad-id|must be snake_case",
            "bad-bool|field 'location' must be true or false",
            "not-yaml|not valid YAML",
            "no-entities|missing 'entities'",
            "bad-weight|weight must be a non-negative number",
            "null-synonym|field 'synonyms' has an empty or non-text item",
            "list-name|field 'name' must be text",
            "binary|binary, not a YAML text file"})
    void badFilesGetAOneLineErrorNamingTheProblem(String kind, String expected, @TempDir Path dir) throws IOException {
        String entity = "  - id: pleural_effusion\n    name: Pleural effusion\n    kind: finding\n    category: pleura\n"
                + "    group: pleura\n    location: true\n    severity: true\n";
        String text = switch (kind) {
            case "duplicate" -> minimal("effusion") + entity;
            case "unknown-group" -> minimal("x").replace("group: pleura", "group: lungs");
            case "missing-name" -> minimal("x").replace("    name: Pleural effusion\n", "");
            case "bad-kind" -> minimal("x").replace("kind: finding", "kind: symptom");
            case "bad-id" -> minimal("x").replace("id: pleural_effusion", "id: Pleural-Effusion");
            case "bad-bool" -> minimal("x").replace("location: true", "location: maybe");
            case "not-yaml" -> "groups: [unclosed\n  entities: {";
            case "no-entities" -> "version: '1'\ngroups:\n  - id: pleura\n";
            case "bad-weight" -> minimal("x") + "    weight: heavy\n";
            case "null-synonym" -> minimal("x").replace("synonyms: ['x']", "synonyms: [null]");
            case "list-name" -> minimal("x").replace("name: Pleural effusion", "name: [1, 2]");
            case "binary" -> "version: '1'\u0000\u0001";
            default -> throw new IllegalArgumentException(kind);
        };
        Path f = Files.writeString(dir.resolve(kind + ".yaml"), text);
        assertThatThrownBy(() -> EntitySetLoader.load(f)).isInstanceOf(EntitySetException.class)
                .hasMessageContaining(expected).hasMessageNotContaining("\n");
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> EntitySetLoader.load(Path.of("no/such/entities.yaml")))
                .hasMessage("entity set file not found: no/such/entities.yaml");
        assertThat(List.of()).isEmpty();
    }
}
