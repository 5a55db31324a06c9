package org.speccxr.judge.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.speccxr.util.InputException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a rules file may hold, checked before anything is read from it: every key at every level is known, lists hold
 * phrases (text with words), no phrase is listed twice in one list (compared as the matcher sees them, folded), no
 * key twice, numbers are whole and in range, regular expressions compile. A silent typo would change the judge's
 * readings (a misspelt {@code uncertainty:} turns every hedge positive), so each problem is an {@link InputException}
 * of one line naming the file, the key's path ({@code negation.pre[12]}) and the value.
 *
 * <p>Entity ids are collected here with their paths, and checked against an entity set later, when one is chosen
 * ({@link RuleSet#checkEntities}). To let the file hold a new key, add it to {@link #FILE}.
 */
final class RulesSchema {
    /** Window sizes are in words; a sentence rarely has more than 50. */
    static final int MAX_WINDOW = 50;

    private static final YAMLMapper STRICT_YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private static final Pattern ZONE_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** An entity id the file names, and where. */
    record EntityRef(String path, String id) {
    }

    private interface Spec {
        void check(JsonNode n, String path, Checker c);
    }

    private static final Spec PHRASES = list("a list of phrases", RulesSchema::phrase, Same.WORDS);
    private static final Spec WORDS = list("a list of words", RulesSchema::phrase, Same.WORDS);
    /** Words read one at a time ("but", "tube"): a phrase here would make each of its words one. */
    private static final Spec SINGLE_WORDS = list("a list of single words", RulesSchema::singleWord, Same.WORDS);
    private static final Spec ABBREVIATIONS = list("a list of abbreviations, written without their final dot (vs, e.g)",
            RulesSchema::abbreviation, Same.AS_WRITTEN);
    private static final Spec REGEXES = list("a list of regular expressions", RulesSchema::regex, Same.AS_WRITTEN);
    private static final Spec ENTITY_IDS = list("a list of entity ids", RulesSchema::entityId, Same.AS_WRITTEN);
    private static final Spec WINDOW = (n, p, c) -> c.wholeNumber(n, p, 1, MAX_WINDOW);
    private static final Spec TRIGGERS = object(Map.of("pre", PHRASES, "post", PHRASES), Set.of("pre", "post"));

    private static final Spec NORMAL_RULE = object(Map.of("pattern", RulesSchema::regex, "entities", nonEmpty(ENTITY_IDS),
            "requires", WORDS, "unless", RulesSchema::regex), Set.of("pattern", "entities"));
    private static final Spec MENTION_PATTERN = object(Map.of("entity", RulesSchema::entityId, "pattern", RulesSchema::regex,
            "requires", WORDS, "replaces", ENTITY_IDS), Set.of("entity", "pattern"));

    private static final Spec SIDES = object(Map.of("right", PHRASES, "left", PHRASES, "bilateral", PHRASES, "none", PHRASES),
            Set.of("right", "left", "bilateral"));
    /** Zone and tip-site names are the file's own labels (RulesJudge compares them), so any snake_case name goes. */
    private static final Spec NAMED_PHRASES = map("a mapping of names to lists of phrases", RulesSchema::name, PHRASES);
    private static final Spec CENTIMETRES = (n, p, c) -> c.number(n, p, 0, 50);
    private static final Spec CARINA_KEYS = object(Map.of("at_carina_below", CENTIMETRES, "high_above", CENTIMETRES),
            Set.of("at_carina_below", "high_above"));
    private static final Spec CARINA = (n, p, c) -> {
        CARINA_KEYS.check(n, p, c);
        if (n.get("at_carina_below").doubleValue() >= n.get("high_above").doubleValue()) {
            throw c.fail(p, "at_carina_below (" + n.get("at_carina_below").asText() + ") must be less than high_above ("
                    + n.get("high_above").asText() + ")");
        }
    };
    private static final Spec TIP = object(Map.of("entities", ENTITY_IDS, "generic", SINGLE_WORDS, "sites", NAMED_PHRASES,
            "tip_words", SINGLE_WORDS, "tip_phrase_words", SINGLE_WORDS, "tip_reach", WINDOW, "carina_cm", CARINA),
            Set.of("entities", "sites"));
    /** Places read only for some entities ("the left 6th rib" for a rib fracture), besides the zones. */
    private static final Spec ENTITY_ZONES = list("a list of entity zones (entities, zones)",
            object(Map.of("entities", nonEmpty(ENTITY_IDS), "zones", NAMED_PHRASES), Set.of("entities", "zones")), Same.ALLOWED);
    /** Zones an entity always has ("spine" for spinal degeneration): naming only them is no location. */
    private static final Spec IMPLIED_ZONES = map("a mapping of entity ids to lists of zone names", RulesSchema::entityIdKey,
            nonEmpty(SINGLE_WORDS));
    /** Side words read only for some entities ("rightward" for a mediastinal shift, not for the effusion causing it). */
    private static final Spec ENTITY_SIDES = list("a list of entity sides (entities, sides)",
            object(Map.of("entities", nonEmpty(ENTITY_IDS), "sides", object(Map.of("right", PHRASES, "left", PHRASES,
                    "bilateral", PHRASES), Set.of())), Set.of("entities", "sides")), Same.ALLOWED);
    private static final Spec LOCATION_KEYS = object(Map.of("side", SIDES, "zone", NAMED_PHRASES, "window", WINDOW, "tip", TIP,
            "entity_zones", ENTITY_ZONES, "entity_sides", ENTITY_SIDES, "implied_zones", IMPLIED_ZONES,
            "paired_sites", object(Map.of("sites", PHRASES, "links", SINGLE_WORDS), Set.of("sites", "links")),
            "adjacent", object(Map.of("words", SINGLE_WORDS, "entities", ENTITY_IDS, "zone_entities", ENTITY_IDS),
                    Set.of("words", "entities", "zone_entities"))),
            Set.of("side", "zone", "window", "tip"));
    /** An entity reads one group of places, and a place is not named as a zone is (location compares them apart). */
    private static final Spec LOCATION = (n, p, c) -> {
        LOCATION_KEYS.check(n, p, c);
        Set<String> zoneNames = new java.util.HashSet<>();
        n.path("zone").fieldNames().forEachRemaining(zoneNames::add);
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = n.path("implied_zones").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (int i = 0; i < e.getValue().size(); i++) {
                String zone = e.getValue().get(i).asText();
                if (!zoneNames.contains(zone) || zone.equals("none")) {
                    throw c.fail(child(p, "implied_zones") + "." + e.getKey() + "[" + i + "]", "'" + zone
                            + "' is not a zone of " + child(p, "zone"));
                }
            }
        }
        Map<String, Integer> groupOf = new java.util.HashMap<>();
        JsonNode groups = n.path("entity_zones");
        for (int i = 0; i < groups.size(); i++) {
            String at = child(p, "entity_zones") + "[" + i + "]";
            JsonNode ids = groups.get(i).path("entities");
            for (int j = 0; j < ids.size(); j++) {
                Integer before = groupOf.putIfAbsent(ids.get(j).asText(), i);
                if (before != null && before != i) {
                    throw c.fail(at + ".entities[" + j + "]", "'" + ids.get(j).asText() + "' is already in "
                            + child(p, "entity_zones") + "[" + before + "]; an entity reads one group of places");
                }
            }
            for (java.util.Iterator<String> names = groups.get(i).path("zones").fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("none") && zoneNames.contains(name)) {
                    throw c.fail(at + ".zones." + name, "'" + name + "' is also a zone of " + child(p, "zone")
                            + "; name the places apart");
                }
            }
        }
    };
    private static final Spec LEVELS = map("a mapping of levels 1 to 4 to lists of phrases", RulesSchema::level, PHRASES);
    private static final Spec SIZE = object(Map.of("before", WINDOW, "after", WINDOW, "former", WORDS,
            "former_reach", (Spec) (n, p, c) -> c.wholeNumber(n, p, 1, 200)), Set.of("before", "after", "former", "former_reach"));
    private static final Spec SEVERITY = object(Map.of("levels", LEVELS, "window", WINDOW, "size", SIZE, "not", PHRASES,
                    "compatible_up_to", (Spec) (n, p, c) -> c.wholeNumber(n, p, 0, 4), "range_words", SINGLE_WORDS),
            Set.of("levels", "window"));
    private static final Spec COMPARISON = object(Map.of("words", PHRASES, "not", PHRASES, "global", REGEXES, "window", WINDOW),
            Set.of("words", "not", "global"));
    private static final Spec SECTION_KEYS = object(Map.of("headers", PHRASES, "not_findings", PHRASES, "body", PHRASES,
            "abbreviations", ABBREVIATIONS, "read_for", map("a mapping of section names to lists of entity ids", RulesSchema::name,
                    nonEmpty(ENTITY_IDS))), Set.of("headers", "not_findings"));
    /** Sections named under not_findings or body must be headers, or they would never open. */
    private static final Spec SECTIONS = (n, p, c) -> {
        SECTION_KEYS.check(n, p, c);
        Set<String> headers = new java.util.HashSet<>();
        n.get("headers").forEach(h -> headers.add(sameWords(h.asText())));
        for (String key : List.of("not_findings", "body")) {
            JsonNode list = n.path(key);
            for (int i = 0; i < list.size(); i++) {
                if (!headers.contains(sameWords(list.get(i).asText()))) {
                    throw c.fail(child(p, key) + "[" + i + "]", "'" + list.get(i).asText() + "' is not one of sections.headers");
                }
            }
        }
        Set<String> notFindings = new java.util.HashSet<>();
        n.path("not_findings").forEach(h -> notFindings.add(sameWords(h.asText())));
        n.path("read_for").fieldNames().forEachRemaining(k -> {
            if (!notFindings.contains(sameWords(k))) {
                throw c.fail(child(child(p, "read_for"), k), "'" + k + "' is not one of sections.not_findings");
            }
        });
    };
    private static final Spec SCOPE = object(ordered("before", WINDOW, "after", WINDOW, "list_joiners", SINGLE_WORDS,
                    "list_gap", WINDOW, "trigger_gap", WINDOW, "alternatives", SINGLE_WORDS, "phrase_breaks", SINGLE_WORDS,
                    "explanation_gap", WINDOW, "subjects", PHRASES, "subject_not_after", SINGLE_WORDS,
                    "describing_terminations", SINGLE_WORDS, "differential_words", SINGLE_WORDS),
            Set.of("before", "after", "list_joiners", "list_gap", "trigger_gap", "alternatives", "phrase_breaks", "explanation_gap"));
    private static final Spec GLUED_WORDS = object(Map.of("min_part", WINDOW), Set.of("min_part"));
    private static final Spec DESCRIPTOR_WORDS = map("a mapping of entity ids to lists of single words",
            RulesSchema::entityIdKey, nonEmpty(SINGLE_WORDS));
    private static final Spec DESCRIPTORS = map("a mapping of entity ids to lists of entity ids", RulesSchema::entityIdKey,
            nonEmpty(ENTITY_IDS));

    /** A sentence that states no finding: a regex, or one with the words it requires (checked before the regex). */
    private static final Spec NOT_FINDING_RULE = (n, p, c) -> {
        if (n.isObject()) {
            object(Map.of("pattern", RulesSchema::regex, "requires", WORDS), Set.of("pattern")).check(n, p, c);
        } else {
            regex(n, p, c);
        }
    };
    private static final Spec CONTRAST = object(Map.of("words", SINGLE_WORDS, "affirm", SINGLE_WORDS, "within", WINDOW),
            Set.of("words", "affirm"));
    private static final Spec FRACTURE_SITES = object(Map.of("generic", RulesSchema::entityId, "window", WINDOW,
            "sites", map("a mapping of entity ids to lists of site words", RulesSchema::entityIdKey, PHRASES)),
            Set.of("generic", "window", "sites"));

    /**
     * The whole file. The sections up to comparison are required, so deleting or misspelling one is an error rather
     * than silence; the later ones may be left out and are then the bundled file's ({@link #OPTIONAL}).
     */
    private static final Spec FILE = object(ordered(
                    "version", (Spec) RulesSchema::version,
                    "negation", TRIGGERS,
                    "uncertainty", TRIGGERS,
                    "attribution", PHRASES,
                    "descriptors", DESCRIPTORS,
                    "descriptors_in_phrase", DESCRIPTORS,
                    "descriptors_ruled_out_by", DESCRIPTOR_WORDS,
                    "descriptors_kept_when_hedged", object(Map.of("descriptors", DESCRIPTORS, "committing_hedges", PHRASES),
                            Set.of("descriptors")),
                    "descriptors_in_report", list("a list of report-wide descriptors (descriptor, by, words)",
                            object(Map.of("descriptor", RulesSchema::entityId, "by", nonEmpty(ENTITY_IDS), "words", nonEmpty(SINGLE_WORDS)),
                                    Set.of("descriptor", "by", "words")), Same.ALLOWED),
                    "hypothetical", object(Map.of("pre", PHRASES, "post", PHRASES, "leading", PHRASES), Set.of("pre", "post")),
                    "pseudo", PHRASES,
                    "termination", PHRASES,
                    "normal", list("a list of normal statements (pattern, entities, requires)", NORMAL_RULE, Same.ALLOWED),
                    "patterns", list("a list of mention patterns (entity, pattern, requires, replaces)", MENTION_PATTERN, Same.ALLOWED),
                    "location", LOCATION,
                    "severity", SEVERITY,
                    "comparison", COMPARISON,
                    "neutral", PHRASES,
                    "contrast", CONTRAST,
                    "not_findings", list("a list of sentence patterns (a regex, or pattern and requires)", NOT_FINDING_RULE,
                            Same.ALLOWED),
                    "requests", REGEXES,
                    "questions", SINGLE_WORDS,
                    "fracture_sites", FRACTURE_SITES,
                    "sections", SECTIONS,
                    "scope", SCOPE,
                    "redacted", SINGLE_WORDS,
                    "continuations", PHRASES,
                    "blocked_phrases", PHRASES,
                    "glued_words", GLUED_WORDS),
            // the sections and keys added later (neutral ... scope, and those in OPTIONAL) may be left out: a file
            // written before them still reads, and takes them from the bundled file
            Set.of("negation", "uncertainty", "attribution", "descriptors", "hypothetical", "pseudo", "termination", "normal",
                    "patterns", "location", "severity", "comparison"));

    /**
     * What a file may leave out, parents before their keys: a rules file written before these existed still reads,
     * with the bundled file's values for them ({@link #withBundledDefaults}), so it is read as today's judge reads
     * those keys, not as the judge it was written for.
     */
    static final List<String> OPTIONAL = List.of("descriptors_in_phrase", "descriptors_ruled_out_by", "descriptors_kept_when_hedged", "descriptors_kept_when_hedged.committing_hedges", "descriptors_in_report", "neutral", "contrast", "contrast.within",
            "not_findings", "requests",
            "questions", "fracture_sites", "sections", "sections.abbreviations", "sections.body", "sections.read_for", "scope", "location.tip.generic", "location.tip.tip_words", "location.tip.tip_phrase_words",
            "location.tip.tip_reach", "location.tip.carina_cm", "location.entity_zones", "location.entity_sides", "location.paired_sites", "location.adjacent", "location.implied_zones", "hypothetical.leading", "location.side.none", "location.zone.none", "severity.size",
            "severity.not", "severity.compatible_up_to", "severity.range_words", "comparison.window", "redacted",
            "scope.subjects", "scope.subject_not_after", "scope.describing_terminations", "scope.differential_words", "glued_words", "continuations", "blocked_phrases");

    private RulesSchema() {
    }

    /**
     * The file's tree with each {@link #OPTIONAL} key it leaves out taken from {@code bundled}; the keys taken are
     * added to {@code filled}.
     */
    static JsonNode withBundledDefaults(JsonNode root, JsonNode bundled, List<String> filled) {
        com.fasterxml.jackson.databind.node.ObjectNode out = ((com.fasterxml.jackson.databind.node.ObjectNode) root).deepCopy();
        for (String path : OPTIONAL) {
            String[] keys = path.split("\\.");
            JsonNode at = out, from = bundled;
            for (int i = 0; i < keys.length - 1 && at != null; i++) {
                at = at.get(keys[i]);
                from = from.path(keys[i]);
            }
            String last = keys[keys.length - 1];
            if (at instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.has(last) && from.has(last)) {
                o.set(last, from.get(last).deepCopy());
                filled.add(path);
            }
        }
        if (filled.contains("location.implied_zones") && out.path("location").path("implied_zones") instanceof
                com.fasterxml.jackson.databind.node.ObjectNode implied) {
            // the bundled implied zones name the bundled zones: keep only those the file defines too
            JsonNode zones = out.path("location").path("zone");
            java.util.List<String> undefined = new java.util.ArrayList<>();
            implied.fields().forEachRemaining(e -> {
                for (JsonNode z : e.getValue()) {
                    if (!zones.has(z.asText())) {
                        undefined.add(e.getKey());
                    }
                }
            });
            implied.remove(undefined);
        }
        return out;
    }

    /**
     * Parses and checks a rules file; returns its tree and the entity ids it names.
     *
     * @param source the file's name as the user gave it, at the start of every message
     */
    static JsonNode read(byte[] bytes, String source, List<EntityRef> refs) {
        JsonNode root;
        try {
            root = STRICT_YAML.readTree(bytes);
        } catch (StreamReadException e) {
            throw new InputException(source + ": " + yamlProblem(e));
        } catch (IOException e) {
            throw new InputException(source + ": not valid YAML: " + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InputException(source + ": empty; a rules file needs " + String.join(", ", sectionNames()));
        }
        FILE.check(root, "", new Checker(source, refs));
        return root;
    }

    /**
     * A file written before {@code scope.differential_words} offered alternatives with "or" and its own
     * {@code scope.alternatives} words: when the bundled words were filled in, the file's alternatives join them.
     */
    static void keepAlternativesAsDifferentialWords(JsonNode root, List<String> filled) {
        JsonNode scope = root.path("scope");
        if (!filled.contains("scope.differential_words") || !(scope.get("differential_words")
                instanceof com.fasterxml.jackson.databind.node.ArrayNode words)) {
            return;
        }
        Set<String> differential = new java.util.HashSet<>();
        words.forEach(x -> differential.add(sameWords(x.asText())));
        for (JsonNode a : scope.path("alternatives")) {
            if (differential.add(sameWords(a.asText()))) {
                words.add(a.asText());
            }
        }
    }

    /**
     * Checks between keys, on the file as the judge reads it (with the bundled values of the keys it leaves out): a
     * word between two alternatives must offer them as alternatives too ({@code scope.alternatives} within
     * {@code scope.differential_words}; see {@link #keepAlternativesAsDifferentialWords} for a file that leaves the
     * latter out), and a describing termination the file gives must be a termination phrase, or it does nothing.
     */
    static void checkAcross(JsonNode root, String source, List<String> filled) {
        Checker c = new Checker(source, new ArrayList<>());
        JsonNode scope = root.path("scope");
        Set<String> differential = new java.util.HashSet<>();
        scope.path("differential_words").forEach(x -> differential.add(sameWords(x.asText())));
        JsonNode alternatives = scope.path("alternatives");
        for (int i = 0; i < alternatives.size(); i++) {
            if (!differential.contains(sameWords(alternatives.get(i).asText()))) {
                throw c.fail("scope.alternatives[" + i + "]", "'" + alternatives.get(i).asText()
                        + "' is not one of scope.differential_words (a word between alternatives offers them as alternatives)");
            }
        }
        checkDescriptorsAcross(root, c, filled);
        Set<String> terminations = new java.util.HashSet<>();
        root.path("termination").forEach(x -> terminations.add(sameWords(x.asText())));
        // the bundled words a file leaves out go with the bundled terminations; only the file's own words are checked
        JsonNode describing = filled.contains("scope.describing_terminations") || filled.contains("scope")
                ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : scope.path("describing_terminations");
        for (int i = 0; i < describing.size(); i++) {
            if (!terminations.contains(sameWords(describing.get(i).asText()))) {
                throw c.fail("scope.describing_terminations[" + i + "]", "'" + describing.get(i).asText()
                        + "' is not one of the termination phrases, so it would describe nothing");
            }
        }
    }

    /**
     * A descriptor kept when hedged must be a descriptor of the findings named for it; a committing hedge must be a
     * hedge; a report-wide descriptor may not explain itself. Only the file's own entries are checked: the bundled ones
     * a file leaves out go with the bundled lists.
     */
    private static void checkDescriptorsAcross(JsonNode root, Checker c, List<String> filled) {
        boolean bundled = filled.contains("descriptors_kept_when_hedged");
        JsonNode kept = bundled ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : root.path("descriptors_kept_when_hedged");
        java.util.Iterator<Map.Entry<String, JsonNode>> it = kept.path("descriptors").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Set<String> explainers = new java.util.HashSet<>();
            root.path("descriptors").path(e.getKey()).forEach(x -> explainers.add(x.asText()));
            root.path("descriptors_in_phrase").path(e.getKey()).forEach(x -> explainers.add(x.asText()));
            if (explainers.isEmpty()) {
                continue; // not a descriptor at all: an unknown id is refused against the entity set, a known one reads nothing
            }
            for (int i = 0; i < e.getValue().size(); i++) {
                String f = e.getValue().get(i).asText();
                if (!explainers.contains(f)) {
                    throw c.fail("descriptors_kept_when_hedged.descriptors." + e.getKey() + "[" + i + "]", "'" + f
                            + "' is not a finding that descriptors or descriptors_in_phrase let explain " + e.getKey());
                }
            }
        }
        Set<String> hedges = new java.util.HashSet<>();
        root.path("uncertainty").path("pre").forEach(x -> hedges.add(sameWords(x.asText())));
        JsonNode committing = filled.contains("descriptors_kept_when_hedged.committing_hedges")
                ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : kept.path("committing_hedges");
        for (int i = 0; i < committing.size(); i++) {
            if (!hedges.contains(sameWords(committing.get(i).asText()))) {
                throw c.fail("descriptors_kept_when_hedged.committing_hedges[" + i + "]", "'" + committing.get(i).asText()
                        + "' is not one of uncertainty.pre, so it would commit to nothing");
            }
        }
        JsonNode inReport = root.path("descriptors_in_report");
        for (int i = 0; i < inReport.size(); i++) {
            JsonNode by = inReport.get(i).path("by");
            for (int j = 0; j < by.size(); j++) {
                if (by.get(j).asText().equals(inReport.get(i).path("descriptor").asText())) {
                    throw c.fail("descriptors_in_report[" + i + "].by[" + j + "]", "'" + by.get(j).asText()
                            + "' is the descriptor itself, which cannot explain itself");
                }
            }
        }
    }

    static List<String> sectionNames() {
        List<String> names = new ArrayList<>();
        ((ObjectSpec) FILE).fields.keySet().forEach(names::add);
        return names;
    }

    private static String yamlProblem(StreamReadException e) {
        String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        JsonLocation loc = e.getLocation();
        String at = loc == null || loc.getLineNr() < 1 ? "" : " (line " + loc.getLineNr() + ")";
        JsonParser p = e.getProcessor();
        if (msg.startsWith("Duplicate field") && p != null) {
            return path(p.getParsingContext()) + ": key given twice" + at;
        }
        // SnakeYAML's message is several lines: its words flush left, then indented positions, quoted source and a caret
        StringBuilder sb = new StringBuilder();
        for (String line : msg.split("\n")) {
            if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
                continue;
            }
            sb.append(sb.isEmpty() ? "" : ", ").append(line.strip());
        }
        return "not valid YAML" + at + ": " + sb;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return (i < 0 ? s : s.substring(0, i)).strip();
    }

    /** The context's path as messages write it: {@code location.zone.upper}, {@code normal[3].pattern}. */
    private static String path(JsonStreamContext ctx) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            parts.add(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
        }
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            sb.append(sb.isEmpty() || part.startsWith("[") ? "" : ".").append(part);
        }
        return sb.toString();
    }

    // --- checking ---

    private static final class Checker {
        final String source;
        final List<EntityRef> refs;

        Checker(String source, List<EntityRef> refs) {
            this.source = source;
            this.refs = refs;
        }

        InputException fail(String path, String problem) {
            return new InputException(source + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
        }

        void number(JsonNode n, String path, double lo, double hi) {
            if (!n.isNumber() || n.doubleValue() < lo || n.doubleValue() > hi) {
                throw fail(path, "expected a number from " + (int) lo + " to " + (int) hi + ", got " + shown(n));
            }
        }

        void wholeNumber(JsonNode n, String path, int lo, int hi) {
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < lo || n.intValue() > hi) {
                throw fail(path, "expected a whole number from " + lo + " to " + hi + ", got " + shown(n));
            }
        }
    }

    private static final class ObjectSpec implements Spec {
        final Map<String, Spec> fields;
        final Set<String> required;

        ObjectSpec(Map<String, Spec> fields, Set<String> required) {
            this.fields = fields;
            this.required = required;
        }

        @Override
        public void check(JsonNode n, String path, Checker c) {
            if (!n.isObject()) {
                throw c.fail(path, "expected a mapping with keys " + String.join(", ", fields.keySet()) + ", got " + shown(n));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = child(path, e.getKey());
                Spec s = fields.get(e.getKey());
                if (s == null) {
                    String near = nearest(e.getKey(), fields.keySet());
                    throw c.fail(at, "unknown key '" + e.getKey() + "'" + (near == null ? "" : " (did you mean '" + near + "'?)")
                            + "; known here: " + String.join(", ", fields.keySet()));
                }
                s.check(e.getValue(), at, c);
            }
            for (String k : fields.keySet()) {
                if (required.contains(k) && !n.has(k)) {
                    throw c.fail(path, "missing key '" + k + "'" + (fields.get(k) instanceof ListSpec ? " (write " + k + ": [] for none)" : ""));
                }
            }
        }
    }

    /**
     * When two items of one list are the same: phrases when their words are (case, hyphens and punctuation aside, as
     * the matcher reads them; "remain" and "remains" may both be listed), ids and regexes as written.
     */
    private enum Same { WORDS, AS_WRITTEN, ALLOWED }

    private static final class ListSpec implements Spec {
        final String what;
        final Spec item;
        final Same unique;

        ListSpec(String what, Spec item, Same unique) {
            this.what = what;
            this.item = item;
            this.unique = unique;
        }

        @Override
        public void check(JsonNode n, String path, Checker c) {
            if (!n.isArray()) {
                throw c.fail(path, "expected " + what + " ([...]), got " + shown(n) + (n.isNull() ? " (write [] for none)" : ""));
            }
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < n.size(); i++) {
                String at = path + "[" + i + "]";
                JsonNode x = n.get(i);
                item.check(x, at, c);
                if (unique != Same.ALLOWED) {
                    String key = unique == Same.WORDS ? sameWords(x.asText()) : x.asText();
                    Integer first = seen.putIfAbsent(key, i);
                    if (first != null) {
                        String same = n.get(first).asText().equals(x.asText()) ? "" : ", '" + n.get(first).asText() + "': the same words";
                        throw c.fail(at, "'" + x.asText() + "' is listed twice (also at " + path + "[" + first + "]" + same + ")");
                    }
                }
            }
        }
    }

    /** A mapping whose keys are the file's own (zone names, levels, entity ids). */
    private record MapSpec(String what, KeyCheck key, Spec value) implements Spec {
        @Override
        public void check(JsonNode n, String path, Checker c) {
            if (!n.isObject()) {
                throw c.fail(path, "expected " + what + ", got " + shown(n));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = child(path, e.getKey());
                key.check(e.getKey(), at, c);
                value.check(e.getValue(), at, c);
            }
        }
    }

    private interface KeyCheck {
        void check(String key, String path, Checker c);
    }

    private static Spec object(Map<String, Spec> fields, Set<String> required) {
        // fields in the order the file documents them, for the messages
        Map<String, Spec> f = fields instanceof LinkedHashMap ? fields : new java.util.TreeMap<>(fields);
        return new ObjectSpec(f, required);
    }

    private static Map<String, Spec> ordered(Object... kv) {
        Map<String, Spec> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Spec) kv[i + 1]);
        }
        return m;
    }

    private static Spec list(String what, Spec item, Same unique) {
        return new ListSpec(what, item, unique);
    }

    private static Spec map(String what, KeyCheck key, Spec value) {
        return new MapSpec(what, key, value);
    }

    private static Spec nonEmpty(Spec s) {
        return (n, p, c) -> {
            s.check(n, p, c);
            if (n.isEmpty()) {
                throw c.fail(p, "the list is empty; name at least one entity id");
            }
        };
    }

    /** Lower-cased words, without the plural folding: "Small-to-moderate" and "small to moderate" are the same. */
    private static String sameWords(String phrase) {
        return String.join(" ", phrase.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).strip();
    }

    private static void phrase(JsonNode n, String path, Checker c) {
        if (!n.isTextual()) {
            String hint = n.isBoolean() ? " (YAML reads unquoted no, yes, on, off as true/false: put the phrase in quotes)"
                    : n.isNumber() ? " (put it in quotes)" : "";
            throw c.fail(path, "expected a phrase, got " + shown(n) + hint);
        }
        if (Tokens.phrase(n.asText()).length == 0) {
            throw c.fail(path, "'" + n.asText() + "' has no letters or digits, and phrases are matched on words");
        }
    }

    private static void regex(JsonNode n, String path, Checker c) {
        if (!n.isTextual() || n.asText().isEmpty()) {
            throw c.fail(path, "expected a regular expression in quotes, got " + shown(n));
        }
        try {
            Pattern.compile(n.asText(), Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw c.fail(path, "bad regular expression '" + n.asText() + "': " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at character " + e.getIndex() : ""));
        }
    }

    private static void singleWord(JsonNode n, String path, Checker c) {
        phrase(n, path, c);
        if (Tokens.phrase(n.asText()).length != 1) {
            throw c.fail(path, "'" + n.asText() + "' is more than one word; only single words are read here");
        }
    }

    private static void abbreviation(JsonNode n, String path, Checker c) {
        if (!n.isTextual() || n.asText().isBlank() || n.asText().strip().contains(" ") || n.asText().endsWith(".")) {
            throw c.fail(path, "expected an abbreviation without spaces or its final dot (vs, e.g), got " + shown(n));
        }
    }

    private static void entityId(JsonNode n, String path, Checker c) {
        if (!n.isTextual() || n.asText().isBlank()) {
            throw c.fail(path, "expected an entity id, got " + shown(n));
        }
        c.refs.add(new EntityRef(path, n.asText()));
    }

    private static void entityIdKey(String key, String path, Checker c) {
        c.refs.add(new EntityRef(path, key));
    }

    private static void version(JsonNode n, String path, Checker c) {
        if (!n.isTextual() && !n.isNumber()) {
            throw c.fail(path, "expected a version such as \"1.0.0\", got " + shown(n));
        }
    }

    private static void name(String key, String path, Checker c) {
        if (!ZONE_NAME.matcher(key).matches()) {
            throw c.fail(path, "'" + key + "' is not a name in snake_case (lower-case letters, digits, _)");
        }
    }

    private static void level(String key, String path, Checker c) {
        if (!key.matches("[1-4]")) {
            throw c.fail(path, "unknown severity level '" + key + "' (levels are 1 to 4)");
        }
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A value as the user wrote it, for messages. */
    static String shown(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isTextual()) {
            return "'" + n.asText() + "'";
        }
        return n.asText();
    }

    /** The known name within two edits of a misspelling, or null. */
    static String nearest(String word, Iterable<String> known) {
        String best = null;
        int bestD = 3;
        for (String k : known) {
            int d = distance(word.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                best = k;
                bestD = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
