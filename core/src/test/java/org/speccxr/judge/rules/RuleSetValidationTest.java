package org.speccxr.judge.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.util.InputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A rules file is refused, with one line naming the file, the key's path and the value, for every kind of mistake.
 * Each row edits one line of a small valid file written for this test.
 */
class RuleSetValidationTest {
    private static final EntitySet SET = EntitySetLoader.loadDefault();

    /** Small but complete: every section, every kind of value. */
    static final String VALID = """
            version: "1"
            negation:
              pre: ["no", without]
              post: ["is not seen"]
            uncertainty:
              pre: [possible]
              post: ["cannot be excluded"]
            attribution: ["consistent with"]
            descriptors:
              lung_opacity: [atelectasis]
            hypothetical:
              pre: ["evaluate for"]
              post: []
            pseudo: ["no change"]
            termination: [but]
            normal:
              - pattern: "\\\\blungs are clear"
                requires: [lungs]
                entities: [consolidation, pneumonia]
            patterns:
              - entity: cardiomegaly
                pattern: "\\\\bheart\\\\b.{0,20}enlarged"
                requires: [heart]
                replaces: [lung_opacity]
            location:
              side:
                right: [right]
                left: [left]
                bilateral: [bilateral]
              zone:
                upper: [upper]
                lower: [lower, base]
              window: 6
              tip:
                entities: [endotracheal_tube]
                generic: [tube]
                sites:
                  above_carina: ["above the carina"]
                  svc: [svc]
            severity:
              levels:
                1: [trace]
                2: [small, mild]
              window: 5
            comparison:
              words: [new, unchanged]
              not: ["more likely"]
              global: ["^no change$"]
            """;

    /** A complete scope section, as the bundled file has it. */
    static final String SCOPE = """
            scope:
              before: 20
              after: 8
              list_joiners: [and, or, nor]
              list_gap: 3
              trigger_gap: 2
              alternatives: [versus, vs]
              phrase_breaks: [and, or, with, without, plus, but, while, whereas, also, despite, after, following]
              explanation_gap: 8
            """;

    @Test
    void keysTheFileLeavesOutAreTheBundledFilesAndKeysItGivesAreItsOwn() {
        // VALID has no scope, sections or contrast: they come from the bundled file, so clauses still end scope
        ReportExtractor x = new ReportExtractor(SET, parse(VALID));
        assertThat(x.extract("No pneumothorax, the known small right effusion is unchanged.").get("pleural_effusion").status())
                .isEqualTo(Status.POSITIVE);
        assertThat(x.extract("INDICATION: pneumothorax.")).isEmpty();
        // a negation that reaches one word: "no" no longer governs a finding three words on
        ReportExtractor narrow = new ReportExtractor(SET, parse(VALID + SCOPE.replace("before: 20", "before: 1")));
        assertThat(narrow.extract("No convincing sign of pneumothorax.").get("pneumothorax").status()).isEqualTo(Status.POSITIVE);
        assertThat(x.extract("No convincing sign of pneumothorax.").get("pneumothorax").status()).isEqualTo(Status.NEGATIVE);
        // a section header of the user's own
        ReportExtractor headed = new ReportExtractor(SET, parse(VALID
                + "sections:\n  headers: [findings, \"reason for study\"]\n  not_findings: [\"reason for study\"]\n"));
        assertThat(headed.extract("REASON FOR STUDY: pneumothorax.")).isEmpty();
        assertThat(x.extract("REASON FOR STUDY: pneumothorax.")).containsKey("pneumothorax");
    }

    @Test
    void aFileWrittenBeforeDifferentialWordsKeepsItsAlternativesAsDifferentialWords() {
        RuleSet rs = parse(VALID + SCOPE.replace("alternatives: [versus, vs]", "alternatives: [versus, vs, against]"));
        assertThat(rs.scope.differentialWords()).contains("or", "versus", "vs", "against");
        assertThat(parse(VALID).scope.differentialWords()).containsExactlyInAnyOrder("or", "versus", "vs");
    }

    @Test
    void theHashNamesTheBundledValuesAFileTakes() {
        // the same file read with the bundled defaults filled in is not the same rules as the file alone would be
        RuleSet filled = parse(VALID);
        assertThat(filled.hash()).isNotEqualTo(org.speccxr.util.Hashing.sha256(VALID.getBytes(StandardCharsets.UTF_8)));
        assertThat(parse(VALID).hash()).isEqualTo(filled.hash());
        assertThat(parse(VALID + SCOPE).hash()).isNotEqualTo(filled.hash());
    }

    @Test
    void carinaThresholdsComeFromTheFile() {
        String tip = "    carina_cm: {at_carina_below: 2, high_above: 7}\n";
        ReportExtractor standard = new ReportExtractor(SET, parse(edit("    generic: [tube]\n", "    generic: [tube]\n" + tip)));
        ReportExtractor strict = new ReportExtractor(SET, parse(edit("    generic: [tube]\n", "    generic: [tube]\n"
                + tip.replace("high_above: 7", "high_above: 4"))));
        String report = "Endotracheal tube tip 5 cm above the carina.";
        assertThat(standard.extract(report).get("endotracheal_tube").zones()).containsExactly("tip:above_carina");
        assertThat(strict.extract(report).get("endotracheal_tube").zones()).containsExactly("tip:high");
    }

    @Test
    void tipPhraseWordsComeFromTheFileOrTheBundledOnes() {
        String report = "The endotracheal tube has been withdrawn and now terminates 4 cm above the carina.";
        // left out of the file: the bundled words, "terminates" among them, start the tip's phrase
        assertThat(new ReportExtractor(SET, parse(VALID)).extract(report).get("endotracheal_tube").zones())
                .containsExactly("tip:above_carina");
        // the file's own words: "terminates" is not one, so the carina is out of the tube's window
        ReportExtractor own = new ReportExtractor(SET, parse(edit("    generic: [tube]\n", "    generic: [tube]\n"
                + "    tip_phrase_words: [ends]\n")));
        assertThat(own.extract(report).get("endotracheal_tube").zones()).isEmpty();
    }

    private static RuleSet parse(String yaml) {
        return RuleSet.parse(yaml.getBytes(StandardCharsets.UTF_8), "my-rules.yaml");
    }

    private static String edit(String from, String to) {
        assertThat(VALID).as("the edit's target is in the valid file").contains(from);
        return VALID.replace(from, to);
    }

    @Test
    void theSmallFileIsValidAndIsWhatTheJudgeReads() {
        RuleSet rs = parse(VALID);
        rs.checkEntities(SET);
        ReportExtractor x = new ReportExtractor(SET, rs);
        assertThat(x.extract("No pneumothorax.").get("pneumothorax").status()).isEqualTo(Status.NEGATIVE);
        assertThat(x.extract("Possible pneumothorax.").get("pneumothorax").status()).isEqualTo(Status.UNCERTAIN);
        assertThat(x.extract("Small right effusion.").get("pleural_effusion").severity()).isEqualTo(new Severity(2, 2));
        assertThat(rs.entityIds()).containsExactly("lung_opacity", "atelectasis", "consolidation", "pneumonia", "cardiomegaly",
                "endotracheal_tube");
    }

    @Test
    void aWordAndItsPluralMayBothBeListed() {
        parse(edit("termination: [but]", "termination: [but, remain, remains, \"is seen\", \"are seen\"]"));
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                arguments("a glued word's shortest part out of range", VALID + "glued_words:\n  min_part: 0\n",
                        "my-rules.yaml: glued_words.min_part: "),
                arguments("a phrase where a descriptor's ruling-out words go", VALID + "descriptors_ruled_out_by:\n  interstitial_opacity: [\"airspace disease\"]\n",
                        "my-rules.yaml: descriptors_ruled_out_by.interstitial_opacity[0]: "),
                arguments("a phrase where describing terminations go", VALID + SCOPE + "  describing_terminations: [\"no longer\"]\n",
                        "my-rules.yaml: scope.describing_terminations[0]: "),
                arguments("a phrase where differential words go", VALID + SCOPE + "  differential_words: [\"or else\"]\n",
                        "my-rules.yaml: scope.differential_words[0]: "),
                arguments("a describing termination that is no termination", edit("termination: [but]", "termination: [but, stable]") + SCOPE + "  describing_terminations: [stable, chronic]\n",
                        "my-rules.yaml: scope.describing_terminations[1]: 'chronic' is not one of the termination phrases"),
                arguments("an alternatives word that is no differential word", VALID + SCOPE.replace("alternatives: [versus, vs]", "alternatives: [versus, vs, against]")
                                + "  differential_words: [or, versus, vs]\n",
                        "my-rules.yaml: scope.alternatives[2]: 'against' is not one of scope.differential_words"),
                arguments("a kept descriptor and a finding it does not describe", VALID
                                + "descriptors_kept_when_hedged:\n  descriptors:\n    lung_opacity: [consolidation]\n",
                        "my-rules.yaml: descriptors_kept_when_hedged.descriptors.lung_opacity[0]: 'consolidation' is not a finding"),
                arguments("a committing hedge that is no hedge", VALID
                                + "descriptors_kept_when_hedged:\n  descriptors:\n    lung_opacity: [atelectasis]\n  committing_hedges: [definitely]\n",
                        "my-rules.yaml: descriptors_kept_when_hedged.committing_hedges[0]: 'definitely' is not one of uncertainty.pre"),
                arguments("a report-wide descriptor that explains itself", VALID
                                + "descriptors_in_report:\n  - descriptor: cardiomegaly\n    by: [cardiomegaly]\n    words: [heart]\n",
                        "my-rules.yaml: descriptors_in_report[0].by[0]: 'cardiomegaly' is the descriptor itself"),
                arguments("a continuation that is no phrase", VALID + "continuations: [this, 3]\n",
                        "my-rules.yaml: continuations[1]: "),
                arguments("a blocked phrase listed twice", VALID + "blocked_phrases: [\"clear airspace disease\", \"Clear airspace-disease\"]\n",
                        "my-rules.yaml: blocked_phrases[1]: "),
                // unknown keys, at every level
                arguments("misspelt section", edit("uncertainty:", "uncertainy:"),
                        "my-rules.yaml: uncertainy: unknown key 'uncertainy' (did you mean 'uncertainty'?)"),
                arguments("unknown trigger direction", edit("  post: [\"is not seen\"]", "  post: [\"is not seen\"]\n  after: [x]"),
                        "my-rules.yaml: negation.after: unknown key 'after'"),
                arguments("unknown key in a normal statement", edit("    requires: [lungs]", "    require: [lungs]"),
                        "my-rules.yaml: normal[0].require: unknown key 'require' (did you mean 'requires'?)"),
                arguments("unknown key in a pattern", edit("    replaces: [lung_opacity]", "    replace: [lung_opacity]"),
                        "my-rules.yaml: patterns[0].replace: unknown key 'replace'"),
                arguments("unknown side", edit("    left: [left]", "    lefft: [left]"),
                        "my-rules.yaml: location.side.lefft: unknown key 'lefft' (did you mean 'left'?)"),
                arguments("unknown key in tip", edit("    generic: [tube]", "    generics: [tube]"),
                        "my-rules.yaml: location.tip.generics: unknown key 'generics'"),
                arguments("unknown key in severity", edit("  window: 5", "  windows: 5"),
                        "my-rules.yaml: severity.windows: unknown key 'windows'"),
                arguments("unknown key in comparison", edit("  not: [\"more likely\"]", "  nott: [\"more likely\"]"),
                        "my-rules.yaml: comparison.nott: unknown key 'nott'"),
                // the scope, sections, size and carina keys: thresholds that were Java constants
                arguments("unknown key in scope", VALID + "scope:\n  befor: 20\n",
                        "my-rules.yaml: scope.befor: unknown key 'befor' (did you mean 'before'?)"),
                arguments("scope key missing", VALID + "scope:\n  before: 20\n",
                        "my-rules.yaml: scope: missing key 'after'"),
                arguments("scope of no words", VALID + SCOPE.replace("before: 20", "before: 0"),
                        "my-rules.yaml: scope.before: expected a whole number from 1 to 50, got 0"),
                arguments("scope as text", VALID + SCOPE.replace("after: 8", "after: eight"),
                        "my-rules.yaml: scope.after: expected a whole number from 1 to 50, got 'eight'"),
                arguments("unknown key in sections", VALID + "sections:\n  headers: [findings]\n  non_findings: [history]\n",
                        "my-rules.yaml: sections.non_findings: unknown key 'non_findings'"),
                arguments("carina distance negative", edit("    generic: [tube]", "    generic: [tube]\n    carina_cm: {at_carina_below: -1, high_above: 7}"),
                        "my-rules.yaml: location.tip.carina_cm.at_carina_below: expected a number from 0 to 50, got -1"),
                arguments("size window unknown key", edit("  window: 5", "  window: 5\n  size: {before: 6, after: 8, former: [was], reach: 14}"),
                        "my-rules.yaml: severity.size.reach: unknown key 'reach'"),
                arguments("normal statement's exception does not compile", edit("    requires: [lungs]", "    requires: [lungs]\n    unless: \"(osseous\""),
                        "my-rules.yaml: normal[0].unless: bad regular expression '(osseous'"),
                arguments("a phrase where single words are read", VALID + "contrast:\n  words: [\"even though\"]\n  affirm: [seen]\n",
                        "my-rules.yaml: contrast.words[0]: 'even though' is more than one word"),
                arguments("a section that is no header", VALID + "sections:\n  headers: [findings, history]\n  not_findings: [histry]\n",
                        "my-rules.yaml: sections.not_findings[0]: 'histry' is not one of sections.headers"),
                arguments("a section read for some entities that is a findings section", VALID
                                + "sections:\n  headers: [findings, technique]\n  not_findings: [technique]\n  read_for:\n    findings: [pneumothorax]\n",
                        "my-rules.yaml: sections.read_for.findings: 'findings' is not one of sections.not_findings"),
                arguments("carina thresholds the wrong way round", edit("    generic: [tube]", "    generic: [tube]\n    carina_cm: {at_carina_below: 7, high_above: 2}"),
                        "my-rules.yaml: location.tip.carina_cm: at_carina_below (7) must be less than high_above (2)"),
                arguments("comparison window too wide", edit("  not: [\"more likely\"]", "  not: [\"more likely\"]\n  window: 99"),
                        "my-rules.yaml: comparison.window: expected a whole number from 1 to 50, got 99"),
                // missing sections and keys
                arguments("section missing", edit("termination: [but]\n", ""),
                        "my-rules.yaml: missing key 'termination' (write termination: [] for none)"),
                arguments("trigger direction missing", edit("  post: [\"cannot be excluded\"]\n", ""),
                        "my-rules.yaml: uncertainty: missing key 'post'"),
                arguments("pattern without a regex", edit("    pattern: \"\\\\bheart\\\\b.{0,20}enlarged\"\n", ""),
                        "my-rules.yaml: patterns[0]: missing key 'pattern'"),
                arguments("window missing", edit("  window: 6\n", ""), "my-rules.yaml: location: missing key 'window'"),
                // duplicates
                arguments("phrase twice", edit("pre: [\"no\", without]", "pre: [\"no\", without, \"no\"]"),
                        "my-rules.yaml: negation.pre[2]: 'no' is listed twice (also at negation.pre[0])"),
                arguments("phrase twice in other case and hyphens", edit("pseudo: [\"no change\"]", "pseudo: [\"no change\", \"No-Change\"]"),
                        "my-rules.yaml: pseudo[1]: 'No-Change' is listed twice (also at pseudo[0], 'no change': the same words)"),
                arguments("tip phrase twice", edit("svc: [svc]", "svc: [svc, \"superior vena cava\", SVC]"),
                        "my-rules.yaml: location.tip.sites.svc[2]: 'SVC' is listed twice (also at location.tip.sites.svc[0]"),
                arguments("entity id twice", edit("entities: [consolidation, pneumonia]", "entities: [consolidation, pneumonia, consolidation]"),
                        "my-rules.yaml: normal[0].entities[2]: 'consolidation' is listed twice (also at normal[0].entities[0])"),
                arguments("regex twice", edit("global: [\"^no change$\"]", "global: [\"^no change$\", \"^no change$\"]"),
                        "my-rules.yaml: comparison.global[1]: '^no change$' is listed twice"),
                arguments("key twice", edit("  window: 6", "  window: 6\n  window: 8"),
                        "my-rules.yaml: location.window: key given twice (line "),
                arguments("section twice", VALID + "pseudo: [\"not only\"]\n", "my-rules.yaml: pseudo: key given twice (line "),
                arguments("level twice", edit("    2: [small, mild]", "    2: [small]\n    2: [mild]"),
                        "my-rules.yaml: severity.levels.2: key given twice"),
                // numbers
                arguments("window not a number", edit("  window: 6", "  window: six"),
                        "my-rules.yaml: location.window: expected a whole number from 1 to 50, got 'six'"),
                arguments("window quoted", edit("  window: 6", "  window: \"6\""),
                        "my-rules.yaml: location.window: expected a whole number from 1 to 50, got '6'"),
                arguments("window negative", edit("  window: 5", "  window: -3"),
                        "my-rules.yaml: severity.window: expected a whole number from 1 to 50, got -3"),
                arguments("window zero", edit("  window: 5", "  window: 0"),
                        "my-rules.yaml: severity.window: expected a whole number from 1 to 50, got 0"),
                arguments("window too large", edit("  window: 6", "  window: 500"),
                        "my-rules.yaml: location.window: expected a whole number from 1 to 50, got 500"),
                arguments("window fractional", edit("  window: 6", "  window: 2.5"),
                        "my-rules.yaml: location.window: expected a whole number from 1 to 50, got 2.5"),
                arguments("window a list", edit("  window: 6", "  window: [6]"),
                        "my-rules.yaml: location.window: expected a whole number from 1 to 50, got a list"),
                arguments("severity level out of range", edit("    2: [small, mild]", "    5: [small, mild]"),
                        "my-rules.yaml: severity.levels.5: unknown severity level '5' (levels are 1 to 4)"),
                arguments("severity level zero", edit("    1: [trace]", "    0: [trace]"),
                        "my-rules.yaml: severity.levels.0: unknown severity level '0'"),
                arguments("severity level a word", edit("    1: [trace]", "    minimal: [trace]"),
                        "my-rules.yaml: severity.levels.minimal: unknown severity level 'minimal'"),
                // wrong types
                arguments("unquoted no", edit("pre: [\"no\", without]", "pre: [no, without]"),
                        "my-rules.yaml: negation.pre[0]: expected a phrase, got false (YAML reads unquoted no, yes, on, off"),
                arguments("number as phrase", edit("words: [new, unchanged]", "words: [new, 2]"),
                        "my-rules.yaml: comparison.words[1]: expected a phrase, got 2 (put it in quotes)"),
                arguments("phrase without words", edit("post: [\"cannot be excluded\"]", "post: [\"cannot be excluded\", \"?\"]"),
                        "my-rules.yaml: uncertainty.post[1]: '?' has no letters or digits"),
                arguments("phrase list as a mapping", edit("attribution: [\"consistent with\"]", "attribution: {likely: true}"),
                        "my-rules.yaml: attribution: expected a list of phrases ([...]), got a mapping"),
                arguments("empty list value", edit("termination: [but]", "termination:"),
                        "my-rules.yaml: termination: expected a list of phrases ([...]), got nothing (write [] for none)"),
                arguments("phrase list as text", edit("termination: [but]", "termination: but"),
                        "my-rules.yaml: termination: expected a list of phrases ([...]), got 'but'"),
                arguments("section as a list", edit("negation:\n  pre: [\"no\", without]\n  post: [\"is not seen\"]", "negation: [\"no\"]"),
                        "my-rules.yaml: negation: expected a mapping with keys post, pre, got a list"),
                arguments("nested list in a phrase list", edit("pre: [possible]", "pre: [[possible]]"),
                        "my-rules.yaml: uncertainty.pre[0]: expected a phrase, got a list"),
                arguments("bad regex", edit("\"\\\\blungs are clear\"", "\"\\\\blungs (are clear\""),
                        "my-rules.yaml: normal[0].pattern: bad regular expression '\\blungs (are clear': Unclosed group"),
                arguments("bad global regex", edit("global: [\"^no change$\"]", "global: [\"^no [change$\"]"),
                        "my-rules.yaml: comparison.global[0]: bad regular expression '^no [change$'"),
                arguments("regex not text", edit("global: [\"^no change$\"]", "global: [[x]]"),
                        "my-rules.yaml: comparison.global[0]: expected a regular expression in quotes, got a list"),
                arguments("entity id not text", edit("  - entity: cardiomegaly", "  - entity: [cardiomegaly]"),
                        "my-rules.yaml: patterns[0].entity: expected an entity id, got a list"),
                arguments("normal statement naming no entity", edit("entities: [consolidation, pneumonia]", "entities: []"),
                        "my-rules.yaml: normal[0].entities: the list is empty"),
                arguments("zone name not snake_case", edit("    upper: [upper]", "    Upper Zone: [upper]"),
                        "my-rules.yaml: location.zone.Upper Zone: 'Upper Zone' is not a name in snake_case"),
                arguments("entity zones naming no entity", edit("  window: 6\n", "  window: 6\n  entity_zones:\n    - entities: []\n      zones: {rib6: [6th]}\n"),
                        "my-rules.yaml: location.entity_zones[0].entities: the list is empty"),
                arguments("entity zones without their zones", edit("  window: 6\n", "  window: 6\n  entity_zones:\n    - entities: [rib_fracture]\n"),
                        "my-rules.yaml: location.entity_zones[0]: missing key 'zones'"),
                arguments("entity zone phrase listed twice", edit("  window: 6\n", "  window: 6\n  entity_zones:\n    - entities: [rib_fracture]\n      zones: {rib6: [6th, 6th]}\n"),
                        "my-rules.yaml: location.entity_zones[0].zones.rib6[1]: '6th' is listed twice"),
                arguments("an entity in two groups of entity zones", edit("  window: 6\n", "  window: 6\n  entity_zones:\n    - entities: [rib_fracture]\n      zones: {rib6: [6th]}\n    - entities: [rib_fracture]\n      zones: {rib7: [7th]}\n"),
                        "my-rules.yaml: location.entity_zones[1].entities[0]: 'rib_fracture' is already in location.entity_zones[0]; an entity reads one group of places"),
                arguments("an entity zone named as a zone", edit("  window: 6\n", "  window: 6\n  entity_zones:\n    - entities: [rib_fracture]\n      zones: {upper: [6th]}\n"),
                        "my-rules.yaml: location.entity_zones[0].zones.upper: 'upper' is also a zone of location.zone; name the places apart"),
                arguments("an unknown key in a group of entity zones", edit("  window: 6\n", "  window: 6\n  entity_zones:\n    - entities: [rib_fracture]\n      zone: {rib6: [6th]}\n"),
                        "my-rules.yaml: location.entity_zones[0].zone: unknown key 'zone'"),
                arguments("an entity side that is no side", edit("  window: 6\n", "  window: 6\n  entity_sides:\n    - entities: [mediastinal_shift]\n      sides: {rightish: [rightward]}\n"),
                        "my-rules.yaml: location.entity_sides[0].sides.rightish: unknown key 'rightish'"),
                arguments("a group of entity sides without entities", edit("  window: 6\n", "  window: 6\n  entity_sides:\n    - sides: {right: [rightward]}\n"),
                        "my-rules.yaml: location.entity_sides[0]: missing key 'entities'"),
                arguments("a paired site that is no phrase", edit("  window: 6\n", "  window: 6\n  paired_sites:\n    sites: [base, {lobe: lower}]\n    links: [at]\n"),
                        "my-rules.yaml: location.paired_sites.sites[1]: expected a phrase"),
                arguments("adjacent words without their entities", edit("  window: 6\n", "  window: 6\n  adjacent:\n    words: [adjacent]\n    zone_entities: []\n"),
                        "my-rules.yaml: location.adjacent: missing key 'entities'"),
                arguments("an implied zone that is no zone", edit("  window: 6\n", "  window: 6\n  implied_zones:\n    spinal_degenerative_changes: [spine]\n"),
                        "my-rules.yaml: location.implied_zones.spinal_degenerative_changes[0]: 'spine' is not a zone of location.zone"),
                arguments("implied zones as a list", edit("  window: 6\n", "  window: 6\n  implied_zones: [lower]\n"),
                        "my-rules.yaml: location.implied_zones: expected a mapping of entity ids to lists of zone names"),
                arguments("version a list", edit("version: \"1\"", "version: [1]"),
                        "my-rules.yaml: version: expected a version such as \"1.0.0\", got a list"),
                arguments("normal statements as a mapping", edit("normal:\n  - pattern", "normal:\n  first:\n    pattern"),
                        "my-rules.yaml: normal: expected a list of normal statements"),
                // not a rules file at all
                arguments("invalid YAML", edit("pre: [\"no\", without]", "pre: [\"no\", without"),
                        "my-rules.yaml: not valid YAML (line 4): while parsing a flow sequence, expected ',' or ']', but got"),
                arguments("empty file", "", "my-rules.yaml: empty; a rules file needs version, negation, uncertainty"),
                arguments("comments only", "# nothing yet\n", "my-rules.yaml: empty;"),
                arguments("a list, not a mapping", "- no\n- without\n", "my-rules.yaml: expected a mapping with keys version, negation"),
                arguments("an entity set file", "version: '1'\ngroups: [pleura]\nentities: []\n",
                        "my-rules.yaml: groups: unknown key 'groups'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileIsRefusedWithOneLineNamingFileKeyAndValue(String what, String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
    }

    static Stream<Arguments> unknownIds() {
        return Stream.of(
                arguments(edit("  - entity: cardiomegaly", "  - entity: cardiomegally"),
                        "my-rules.yaml: patterns[0].entity: unknown entity id 'cardiomegally' (not in the entity set 'default';"
                                + " did you mean 'cardiomegaly'?)"),
                arguments(edit("replaces: [lung_opacity]", "replaces: [lung_opacities]"),
                        "my-rules.yaml: patterns[0].replaces[0]: unknown entity id 'lung_opacities'"),
                arguments(edit("entities: [consolidation, pneumonia]", "entities: [consolidation, pneumonitis_x]"),
                        "my-rules.yaml: normal[0].entities[1]: unknown entity id 'pneumonitis_x'"),
                arguments(edit("  lung_opacity: [atelectasis]", "  opacity: [atelectasis]"),
                        "my-rules.yaml: descriptors.opacity: unknown entity id 'opacity'"),
                arguments(edit("  lung_opacity: [atelectasis]", "  lung_opacity: [atelectasis, collapse]"),
                        "my-rules.yaml: descriptors.lung_opacity[1]: unknown entity id 'collapse'"),
                arguments(edit("  lung_opacity: [atelectasis]\n", "  lung_opacity: [atelectasis]\ndescriptors_in_phrase:\n  lung_opacity: [effusion]\n"),
                        "my-rules.yaml: descriptors_in_phrase.lung_opacity[0]: unknown entity id 'effusion'"),
                arguments(edit("  lung_opacity: [atelectasis]\n", "  lung_opacity: [atelectasis]\ndescriptors_ruled_out_by:\n  interstitial: [airspace]\n"),
                        "my-rules.yaml: descriptors_ruled_out_by.interstitial: unknown entity id 'interstitial'"),
                arguments(edit("  lung_opacity: [atelectasis]\n", "  lung_opacity: [atelectasis]\ndescriptors_kept_when_hedged:\n  descriptors:\n    blunting: [pleural_effusion]\n"),
                        "my-rules.yaml: descriptors_kept_when_hedged.descriptors.blunting: unknown entity id 'blunting'"),
                arguments(edit("  lung_opacity: [atelectasis]\n", "  lung_opacity: [atelectasis]\ndescriptors_in_report:\n  - descriptor: mediastinal_widening\n    by: [heart]\n    words: [cardiomediastinal]\n"),
                        "my-rules.yaml: descriptors_in_report[0].by[0]: unknown entity id 'heart'"),
                arguments(edit("entities: [endotracheal_tube]", "entities: [endotracheal_tube, ett]"),
                        "my-rules.yaml: location.tip.entities[1]: unknown entity id 'ett'"),
                arguments(edit("  window: 6\n", "  window: 6\n  entity_zones:\n    - entities: [rib_fractures]\n      zones: {rib6: [6th]}\n"),
                        "my-rules.yaml: location.entity_zones[0].entities[0]: unknown entity id 'rib_fractures'"),
                arguments(edit("  window: 6\n", "  window: 6\n  entity_sides:\n    - entities: [mediastinal_shifts]\n      sides: {right: [rightward]}\n"),
                        "my-rules.yaml: location.entity_sides[0].entities[0]: unknown entity id 'mediastinal_shifts'"),
                arguments(edit("  window: 6\n", "  window: 6\n  adjacent:\n    words: [adjacent]\n    entities: [atelectasis, effusion]\n    zone_entities: []\n"),
                        "my-rules.yaml: location.adjacent.entities[1]: unknown entity id 'effusion'"),
                arguments(edit("  window: 6\n", "  window: 6\n  implied_zones:\n    spine_changes: [lower]\n"),
                        "my-rules.yaml: location.implied_zones.spine_changes: unknown entity id 'spine_changes'"));
    }

    @ParameterizedTest
    @MethodSource("unknownIds")
    void aUserFileNamingAnUnknownEntityIsRefusedWhenItMeetsTheSet(String yaml, String message) {
        RuleSet rs = parse(yaml); // the file alone is well formed
        assertThatThrownBy(() -> new ReportExtractor(SET, rs)).isInstanceOf(InputException.class).hasMessageStartingWith(message);
    }

    @Test
    void theBundledFileIsValidAndNamesOnlyEntitiesOfTheBundledSet() throws IOException {
        RuleSet bundled = RuleSet.loadDefault();
        assertThat(bundled.bundled()).isTrue();
        // read as if it were the user's own file, so that its entity ids are checked
        RuleSet asUsers = RuleSet.parse(bundledBytes(), "rules.yaml");
        asUsers.checkEntities(SET);
        assertThat(asUsers.hash()).isEqualTo(bundled.hash());
        assertThat(asUsers.entityIds()).hasSizeGreaterThan(30);
    }

    @Test
    void theBundledFileWithASmallerSetSkipsRulesForOtherEntitiesButAUsersCopyIsRefused() throws IOException {
        EntitySet chexpert = EntitySetLoader.resolve("chexpert14");
        ReportExtractor x = new ReportExtractor(chexpert, RuleSet.loadDefault());
        assertThat(x.extract("The heart is mildly enlarged.")).containsKey("cardiomegaly");
        RuleSet copy = RuleSet.parse(bundledBytes(), "my-copy.yaml");
        assertThatThrownBy(() -> new ReportExtractor(chexpert, copy)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("my-copy.yaml: ").hasMessageContaining(": unknown entity id '")
                .hasMessageContaining("(not in the entity set 'chexpert14'");
    }

    @Test
    void aFileIsNamedAsTheUserGaveIt(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("site-rules.yaml");
        Files.writeString(f, edit("uncertainty:", "uncertanty:"));
        assertThatThrownBy(() -> RuleSet.load(f)).isInstanceOf(InputException.class)
                .hasMessage(f + ": uncertanty: unknown key 'uncertanty' (did you mean 'uncertainty'?); known here: version, "
                        + "negation, uncertainty, attribution, descriptors, descriptors_in_phrase, descriptors_ruled_out_by, descriptors_kept_when_hedged, descriptors_in_report, hypothetical, pseudo, termination, normal, patterns, "
                        + "location, severity, comparison, neutral, contrast, not_findings, requests, questions, fracture_sites, sections, scope, redacted, continuations, blocked_phrases, glued_words");
        assertThatThrownBy(() -> RuleSet.load(dir.resolve("absent.yaml"))).isInstanceOf(InputException.class)
                .hasMessage("rules file not found: " + dir.resolve("absent.yaml"));
    }

    @Test
    void bundledImpliedZonesComeOnlyWithTheZonesTheyName() {
        RuleSet withSpine = parse(edit("    lower: [lower, base]\n", "    lower: [lower, base]\n    spine: [spine]\n"));
        assertThat(withSpine.impliedZones).containsOnlyKeys("spinal_degenerative_changes");
        assertThat(parse(VALID).impliedZones).isEmpty();
        assertThat(RuleSet.loadDefault().impliedZones).containsOnlyKeys("spinal_degenerative_changes", "pneumoperitoneum");
    }

    @Test
    void summaryCountsWhatTheFileDefines() {
        var rows = parse(VALID).summary();
        assertThat(rows).extracting(RuleSet.SummaryRow::section).containsExactly("negation", "uncertainty", "hypothetical",
                "attribution", "pseudo", "termination", "normal", "patterns", "descriptors", "descriptors_in_phrase", "descriptors_ruled_out_by", "descriptors_kept_when_hedged", "descriptors_in_report", "continuations", "blocked_phrases", "location.side", "location.zone",
                "location.entity_zones", "location.entity_sides", "location.paired_sites", "location.adjacent", "location.implied_zones", "location.tip", "severity", "comparison", "sections", "scope");
        assertThat(rows).contains(
                new RuleSet.SummaryRow("scope", 12, "triggers reach 20 words before a finding, 8 after; list members at most 3 words apart; "
                        + "16 subject phrases start a clause"), // the subjects left out of the file are the bundled file's
                new RuleSet.SummaryRow("negation", 3, "triggers: 2 before the entity, 1 after"),
                new RuleSet.SummaryRow("normal", 1, "normal statements, marking 2 entities negative"),
                new RuleSet.SummaryRow("descriptors", 1, "findings each merges into: lung_opacity 1"),
                // left out of the file, so the bundled file's
                new RuleSet.SummaryRow("descriptors_in_phrase", 2, "findings each merges into in its own phrase only: lung_opacity 15, costophrenic_angle_blunting 3"),
                new RuleSet.SummaryRow("location.zone", 8, "phrases: upper 1, lower 2, none 5; window 6 words"),
                // left out of the file, so the bundled file's
                new RuleSet.SummaryRow("location.entity_zones", 43, "phrases of places read for 1 group of entities only"),
                // left out of the file, so the bundled file's
                new RuleSet.SummaryRow("location.entity_sides", 4, "phrases of sides read for 1 group of entities only"),
                // left out of the file, so the bundled file's, but only for the zones the file defines: none here
                new RuleSet.SummaryRow("location.implied_zones", 0, "entities whose own zone alone is no location (none)"),
                new RuleSet.SummaryRow("location.tip", 2, "phrases of 2 tip sites for 1 device; 1 generic device word"),
                new RuleSet.SummaryRow("severity", 3, "phrases by level: 1: 1, 2: 2; window 5 words"),
                new RuleSet.SummaryRow("comparison", 4, "2 words, 1 look-alike, 1 whole-study pattern"));
    }

    private static byte[] bundledBytes() throws IOException {
        try (InputStream in = RuleSet.class.getResourceAsStream(RuleSet.DEFAULT_RESOURCE)) {
            return in.readAllBytes();
        }
    }
}
