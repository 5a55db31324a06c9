package org.speccxr.judge.rules;

import com.fasterxml.jackson.databind.JsonNode;
import org.speccxr.entity.EntitySet;
import org.speccxr.util.Hashing;
import org.speccxr.util.InputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules judge's data: trigger phrases, normal statements, extra mention patterns and modifier vocabularies,
 * read from a YAML file (the bundled {@code rules.yaml} or the user's own) that {@link RulesSchema} checks first.
 */
public final class RuleSet {
    public static final String DEFAULT_RESOURCE = "/org/speccxr/rules/rules.yaml";

    /**
     * PRE_/POST_ NEG and UNC set a mention's status; HYP (hypothetical: "evaluate for", "could obscure") means the
     * report does not assert the mention at all; ATTR (attribution: "consistent with", "likely") names what a finding
     * is and leaves the status alone, but, being a phrase of its own, stops its words from matching shorter triggers;
     * PSEUDO looks like a trigger and is not ("no change"); TERM ends a trigger's scope; NEUTRAL is a phrase whose
     * words would otherwise end or start a scope and that does neither ("previously noted").
     */
    enum Trigger { PRE_NEG, POST_NEG, PRE_UNC, POST_UNC, PRE_HYP, POST_HYP, LEAD_HYP, ATTR, PSEUDO, TERM, NEUTRAL }

    /**
     * @param requires words (folded) of which one must be in a sentence before the regex is tried; empty = always
     * @param unless   a regex that, found in the sentence, keeps the statement from applying (a normal said of
     *                 another site: "osseous structures are without acute abnormality"); null = none
     */
    record NormalRule(Pattern pattern, List<String> entities, java.util.Set<String> requires, Pattern unless) {
    }

    /** @param replaces entities whose synonym matches inside this pattern's match are this finding's words instead */
    record MentionPattern(String entity, Pattern pattern, java.util.Set<String> requires, java.util.Set<String> replaces) {
    }

    final String version;
    final String hash;
    /** The file as the user named it (or the bundled resource), for messages. */
    final String source;
    /** The bundled file: its rules for entities outside a smaller custom set are skipped, not refused. */
    final boolean bundled;
    /** Every entity id the file names, with its path, checked against a set by {@link #checkEntities}. */
    private final List<RulesSchema.EntityRef> entityRefs;
    private final List<SummaryRow> summary;
    final PhraseMatcher<Trigger> triggers = new PhraseMatcher<>();
    final List<NormalRule> normals = new ArrayList<>();
    final List<MentionPattern> patterns = new ArrayList<>();
    final PhraseMatcher<String> sides = new PhraseMatcher<>();
    final PhraseMatcher<String> zones = new PhraseMatcher<>();
    /** Zones an entity always has, by entity id ({@code location.implied_zones}): naming only them is no location. */
    final java.util.Map<String, java.util.Set<String>> impliedZones = new java.util.HashMap<>();
    /** Side words read only for some entities, by entity id ({@code location.entity_sides}): a shift's direction. */
    final java.util.Map<String, PhraseMatcher<String>> entitySides = new java.util.HashMap<>();
    /** Sites that come in pairs ({@code location.paired_sites}): written in the plural and sideless, both sides. */
    final PhraseMatcher<String> pairedSites = new PhraseMatcher<>();
    /** The words that may stand between a finding and a paired site after it ("at the", "of both"). */
    final java.util.Set<String> pairedSiteLinks = new java.util.HashSet<>();
    /** Words that put a finding beside the one before it ({@code location.adjacent.words}): it takes that one's side. */
    final java.util.Set<String> adjacentWords = new java.util.HashSet<>();
    /** The entities that take a side so, and those among which zones pass too ({@code location.adjacent}). */
    final java.util.Set<String> adjacentEntities = new java.util.HashSet<>(), adjacentZoneEntities = new java.util.HashSet<>();
    /** Places read only for some entities, by entity id ({@code location.entity_zones}): a rib's number and part. */
    final java.util.Map<String, PhraseMatcher<String>> entityZones = new java.util.HashMap<>();
    /** The names of those places ("rib6", "posterior"), which location compares apart from the zones. */
    final java.util.Set<String> entityZoneNames = new java.util.HashSet<>();
    /** Device tip sites ("tip:svc"), read instead of zones for {@link #tipEntities} when the sentence names one. */
    final PhraseMatcher<String> tips = new PhraseMatcher<>();
    final java.util.Set<String> tipEntities = new java.util.HashSet<>();
    /** One-word device mentions ("catheter") that are only another device's word when a named device is beside them. */
    final java.util.Set<String> genericDeviceWords = new java.util.HashSet<>();
    /** Sentences that compare the whole study with a prior one ("No interval change."): every finding is compared. */
    final List<java.util.regex.Pattern> globalComparisons = new ArrayList<>();
    /** "A is absent on the left but present on the right": a contrast word, then a word that affirms the finding. */
    final java.util.Set<String> contrastWords = new java.util.HashSet<>();
    final java.util.Set<String> affirmWords = new java.util.HashSet<>();
    /** Sentences that state nothing about the images ("2 images.", "PA and lateral views were obtained."). */
    final List<NormalRule> notFindings = new ArrayList<>();
    /** A generic finding ("fracture") and the site words that make it specific ("rib" -> rib_fracture), read nearby. */
    String genericSiteEntity;
    final PhraseMatcher<String> siteWords = new PhraseMatcher<>();
    int siteWindow;
    /** First words of a yes/no question ("does", "is"): such a sentence ending in "?" asserts none of its findings. */
    final java.util.Set<String> questionWords = new java.util.HashSet<>();
    /** Requests and recommendations ("Recommend followup radiographs."): read, but no finding when they name none. */
    final List<Pattern> requests = new ArrayList<>();
    /** Descriptor entity -> the findings it is merged into when a report attributes it to one ("opacity, likely atelectasis"). */
    final Map<String, java.util.Set<String>> descriptors = new java.util.HashMap<>();
    /**
     * What explains each descriptor in its own phrase: its {@code descriptors} list and its {@code descriptors_in_phrase}
     * list together (elsewhere in the report only the first explains).
     */
    final Map<String, java.util.Set<String>> explainersInPhrase = new java.util.HashMap<>();
    /** Finding -> words of a descriptor's own phrase that rule it out as the explanation ("airspace" opacity). */
    private final Map<String, java.util.Set<String>> ruledOutBy = new java.util.HashMap<>();
    /** Descriptors a hedged explanation by one of their findings leaves standing ({@code descriptors_kept_when_hedged}). */
    private final Map<String, java.util.Set<String>> keptWhenHedged = new java.util.HashMap<>();
    /** A descriptor that a finding affirmed anywhere in the report explains, when its phrase has one of the words. */
    record ReportDescriptor(String descriptor, java.util.Set<String> by, java.util.Set<String> words) {
    }

    /** {@code descriptors_in_report}, in file order. */
    final List<ReportDescriptor> reportDescriptors = new ArrayList<>();
    /** The hedges that do not leave them standing, as their folded words. */
    private final List<String[]> committingHedges = new ArrayList<>();
    final int locationWindow;
    final PhraseMatcher<Severity> severities = new PhraseMatcher<>();
    /** The shortest part of a glued word that {@link GluedWords} splits off ({@code glued_words.min_part}). */
    final int gluedMinPart;
    final int severityWindow;
    /** Words that join two grades into a range ("minimal to mild"). */
    final java.util.Set<String> severityRangeWords;
    /** Two grades both at or below this level are compatible ("mild" and "minimal"); 0: only overlapping grades are. */
    final int severityCompatibleUpTo;
    /** Phrases with a grade word that grade nothing ("without significant interval change"). */
    final PhraseMatcher<Boolean> severityLookAlikes = new PhraseMatcher<>();
    final PhraseMatcher<Boolean> comparisons = new PhraseMatcher<>();
    final int comparisonWindow;
    /** Section headers, in the file's order, and the sections that say why or how the study was made. */
    final List<String> sectionHeaders = new ArrayList<>();
    final java.util.Set<String> notFindingSections = new java.util.HashSet<>();
    /** Sections that hold the findings body ("findings"): a non-findings section runs on to the next one of them. */
    final java.util.Set<String> bodySections = new java.util.HashSet<>();
    /** Non-findings sections read for some entities only ({@code sections.read_for}): a technique's exam quality. */
    final java.util.Map<String, java.util.Set<String>> sectionReadFor = new java.util.HashMap<>();
    /** Words whose dot ends no sentence ("vs.", "e.g."), lower case as written. */
    final List<String> abbreviations = new ArrayList<>();
    final Scope scope;
    /** The affirming word follows the contrast word within this many words. */
    final int contrastWithin;
    /** Words that say a device's tip is meant ("tip not visualized"): the device is there. */
    final java.util.Set<String> tipWords = new java.util.HashSet<>();
    /** Words that start a device's tip phrase: the tip words and {@code location.tip.tip_phrase_words}. */
    final java.util.Set<String> tipPhraseWords = new java.util.HashSet<>();
    /** How many words before the device a tip word may stand. */
    final int tipReach;
    /** Words that stand for a redacted one ("xxxx"): only such words between an opacity and a finding link them. */
    final java.util.Set<String> redactedWords;
    /** Phrases that look like a finding and name none ({@code blocked_phrases}): the synonyms inside them are not read. */
    final List<String> blockedPhrases = new ArrayList<>();
    /** Phrases that open a sentence about the previous sentence's finding ("this may represent"), lower case. */
    final List<String> continuations = new ArrayList<>();
    final double atCarinaBelowCm;
    final double highAboveCm;
    final Size size;

    /**
     * How far triggers reach and where clauses end, in words (the file's {@code scope}).
     *
     * @param before         a trigger before a finding reaches it over at most this many words
     * @param after          a trigger after it likewise
     * @param listJoiners    words that join list members ("and", "or")
     * @param listGap        list members are at most this many words apart
     * @param triggerGap     a trigger this close before the next finding leads it; this close after a list, reaches it
     * @param alternatives   words between alternatives of a differential ("versus")
     * @param phraseBreaks   words that start a new phrase between two findings ("with", "and")
     * @param explanationGap an opacity is explained by a finding at most this many words after it
     * @param describingTerminations termination words that, just before a finding, describe it and end no scope
     * @param differentialWords words that offer findings as alternatives ("or", "versus"): no commitment to either
     */
    record Scope(int before, int after, java.util.Set<String> listJoiners, int listGap, int triggerGap,
                 java.util.Set<String> alternatives, java.util.Set<String> phraseBreaks, int explanationGap,
                 PhraseMatcher<Boolean> subjects, java.util.Set<String> subjectNotAfter,
                 java.util.Set<String> describingTerminations, java.util.Set<String> differentialWords) {
    }

    /**
     * Where a measurement is read (the file's {@code severity.size}).
     *
     * @param former a former size: one of the {@code former} words within {@code former_reach} characters before it
     */
    record Size(int before, int after, Pattern former, int formerReach) {
    }

    private RuleSet(JsonNode root, String hash, String source, boolean bundled, List<RulesSchema.EntityRef> refs) {
        this.hash = hash;
        this.source = source;
        this.bundled = bundled;
        this.entityRefs = List.copyOf(refs);
        this.summary = summarise(root);
        this.version = root.path("version").asText("unversioned");
        addAll(root.path("negation").path("pre"), Trigger.PRE_NEG);
        addAll(root.path("negation").path("post"), Trigger.POST_NEG);
        addAll(root.path("uncertainty").path("pre"), Trigger.PRE_UNC);
        addAll(root.path("uncertainty").path("post"), Trigger.POST_UNC);
        addAll(root.path("hypothetical").path("pre"), Trigger.PRE_HYP);
        addAll(root.path("hypothetical").path("post"), Trigger.POST_HYP);
        addAll(root.path("hypothetical").path("leading"), Trigger.LEAD_HYP);
        addAll(root.path("attribution"), Trigger.ATTR);
        addAll(root.path("pseudo"), Trigger.PSEUDO);
        addAll(root.path("termination"), Trigger.TERM);
        addAll(root.path("neutral"), Trigger.NEUTRAL);
        root.path("contrast").path("words").forEach(x -> contrastWords.addAll(List.of(Tokens.phrase(x.asText()))));
        root.path("contrast").path("affirm").forEach(x -> affirmWords.addAll(List.of(Tokens.phrase(x.asText()))));
        for (JsonNode n : root.path("normal")) {
            List<String> ids = new ArrayList<>();
            n.path("entities").forEach(x -> ids.add(x.asText()));
            normals.add(new NormalRule(compile(n.path("pattern").asText(), source), ids, requires(n),
                    n.has("unless") ? compile(n.path("unless").asText(), source) : null));
        }
        for (JsonNode n : root.path("patterns")) {
            java.util.Set<String> replaces = new java.util.HashSet<>();
            n.path("replaces").forEach(x -> replaces.add(x.asText()));
            patterns.add(new MentionPattern(n.path("entity").asText(), compile(n.path("pattern").asText(), source), requires(n),
                    replaces));
        }
        for (JsonNode n : root.path("not_findings")) {
            // a regex, or {pattern, requires} for one that is not anchored and would otherwise scan every sentence
            notFindings.add(new NormalRule(compile(n.isObject() ? n.path("pattern").asText() : n.asText(), source),
                    List.of(), requires(n), null));
        }
        JsonNode sites = root.path("fracture_sites");
        genericSiteEntity = sites.path("generic").asText(null);
        siteWindow = sites.path("window").asInt();
        sites.path("sites").fields().forEachRemaining(e -> e.getValue().forEach(x -> siteWords.add(x.asText(), e.getKey())));
        root.path("questions").forEach(x -> questionWords.add(Tokens.phrase(x.asText())[0]));
        for (JsonNode n : root.path("requests")) {
            requests.add(compile(n.asText(), source));
        }
        JsonNode loc = root.path("location");
        loc.path("side").fields().forEachRemaining(e -> e.getValue().forEach(p -> sides.add(p.asText(), e.getKey())));
        loc.path("zone").fields().forEachRemaining(e -> e.getValue().forEach(p -> zones.add(p.asText(), e.getKey())));
        impliedZones.putAll(texts(loc.path("implied_zones")));
        for (JsonNode group : loc.path("entity_zones")) {
            PhraseMatcher<String> vocab = new PhraseMatcher<>();
            group.path("zones").fields().forEachRemaining(e -> {
                e.getValue().forEach(p -> vocab.add(p.asText(), e.getKey()));
                if (!e.getKey().equals("none")) {
                    entityZoneNames.add(e.getKey());
                }
            });
            group.path("entities").forEach(id -> entityZones.put(id.asText(), vocab));
        }
        for (JsonNode group : loc.path("entity_sides")) {
            group.path("entities").forEach(id -> {
                PhraseMatcher<String> vocab = entitySides.computeIfAbsent(id.asText(), k -> new PhraseMatcher<>());
                group.path("sides").fields().forEachRemaining(e -> e.getValue().forEach(p -> vocab.add(p.asText(), e.getKey())));
            });
        }
        loc.path("paired_sites").path("sites").forEach(p -> pairedSites.add(p.asText(), "bilateral"));
        pairedSiteLinks.addAll(words(loc.path("paired_sites").path("links")));
        adjacentWords.addAll(words(loc.path("adjacent").path("words")));
        loc.path("adjacent").path("entities").forEach(x -> adjacentEntities.add(x.asText()));
        loc.path("adjacent").path("zone_entities").forEach(x -> adjacentZoneEntities.add(x.asText()));
        locationWindow = loc.path("window").asInt();
        descriptors.putAll(texts(root.path("descriptors")));
        descriptors.forEach((k, v) -> explainersInPhrase.put(k, new java.util.HashSet<>(v)));
        texts(root.path("descriptors_in_phrase")).forEach((k, v) ->
                explainersInPhrase.computeIfAbsent(k, x -> new java.util.HashSet<>()).addAll(v));
        root.path("descriptors_ruled_out_by").fields().forEachRemaining(e -> ruledOutBy.put(e.getKey(), words(e.getValue())));
        root.path("descriptors_in_report").forEach(n -> {
            java.util.Set<String> by = new java.util.LinkedHashSet<>();
            n.path("by").forEach(x -> by.add(x.asText()));
            reportDescriptors.add(new ReportDescriptor(n.path("descriptor").asText(), by, words(n.path("words"))));
        });
        JsonNode kept = root.path("descriptors_kept_when_hedged");
        keptWhenHedged.putAll(texts(kept.path("descriptors")));
        kept.path("committing_hedges").forEach(x -> committingHedges.add(Tokens.phrase(x.asText())));
        JsonNode tip = loc.path("tip");
        tip.path("entities").forEach(x -> tipEntities.add(x.asText()));
        tip.path("generic").forEach(x -> genericDeviceWords.addAll(List.of(Tokens.phrase(x.asText()))));
        tip.path("sites").fields().forEachRemaining(e -> e.getValue().forEach(p -> tips.add(p.asText(), "tip:" + e.getKey())));
        JsonNode sev = root.path("severity");
        sev.path("levels").fields().forEachRemaining(e -> {
            int level = Integer.parseInt(e.getKey());
            for (JsonNode p : e.getValue()) {
                String phrase = p.asText();
                int lo = level, hi = level;
                if (phrase.contains(" to ") || phrase.contains("-to-")) {
                    hi = level + 1;
                }
                severities.add(phrase, new Severity(lo, hi));
            }
        });
        severityWindow = sev.path("window").asInt();
        severityRangeWords = words(sev.path("range_words"));
        severityCompatibleUpTo = sev.path("compatible_up_to").asInt();
        sev.path("not").forEach(p -> severityLookAlikes.add(p.asText(), Boolean.TRUE));
        root.path("comparison").path("words").forEach(p -> comparisons.add(p.asText(), Boolean.TRUE));
        root.path("comparison").path("not").forEach(p -> comparisons.add(p.asText(), Boolean.FALSE));
        for (JsonNode g : root.path("comparison").path("global")) {
            globalComparisons.add(compile(g.asText(), source));
        }
        comparisonWindow = root.path("comparison").path("window").asInt();
        root.path("sections").path("headers").forEach(x -> sectionHeaders.add(x.asText().toLowerCase(java.util.Locale.ROOT)));
        root.path("sections").path("abbreviations").forEach(x -> abbreviations.add(x.asText().toLowerCase(java.util.Locale.ROOT)));
        root.path("sections").path("body").forEach(x -> bodySections.add(x.asText().toLowerCase(java.util.Locale.ROOT)));
        root.path("sections").path("not_findings").forEach(x -> notFindingSections.add(x.asText().toLowerCase(java.util.Locale.ROOT)));
        root.path("sections").path("read_for").fields().forEachRemaining(e -> {
            java.util.Set<String> ids = new java.util.HashSet<>();
            e.getValue().forEach(x -> ids.add(x.asText()));
            sectionReadFor.put(String.join(" ", Tokens.phrase(e.getKey())), ids);
        });
        JsonNode sc = root.path("scope");
        PhraseMatcher<Boolean> subjects = new PhraseMatcher<>();
        sc.path("subjects").forEach(x -> subjects.add(x.asText(), Boolean.TRUE));
        scope = new Scope(sc.path("before").asInt(), sc.path("after").asInt(), words(sc.path("list_joiners")),
                sc.path("list_gap").asInt(), sc.path("trigger_gap").asInt(), words(sc.path("alternatives")),
                words(sc.path("phrase_breaks")), sc.path("explanation_gap").asInt(), subjects,
                words(sc.path("subject_not_after")), words(sc.path("describing_terminations")),
                words(sc.path("differential_words")));
        contrastWithin = root.path("contrast").path("within").asInt();
        tipWords.addAll(words(tip.path("tip_words")));
        tipPhraseWords.addAll(tipWords);
        tipPhraseWords.addAll(words(tip.path("tip_phrase_words")));
        tipReach = tip.path("tip_reach").asInt();
        redactedWords = words(root.path("redacted"));
        root.path("continuations").forEach(x -> continuations.add(x.asText().toLowerCase(java.util.Locale.ROOT)));
        root.path("blocked_phrases").forEach(x -> blockedPhrases.add(x.asText()));
        gluedMinPart = root.path("glued_words").path("min_part").asInt();
        atCarinaBelowCm = tip.path("carina_cm").path("at_carina_below").asDouble();
        highAboveCm = tip.path("carina_cm").path("high_above").asDouble();
        JsonNode sz = sev.path("size");
        List<String> former = new ArrayList<>();
        sz.path("former").forEach(x -> former.add(Pattern.quote(x.asText())));
        size = new Size(sz.path("before").asInt(), sz.path("after").asInt(),
                Pattern.compile("(?i)\\b(" + String.join("|", former) + ")\\b[^,;]*$"), sz.path("former_reach").asInt());
    }

    /**
     * The descriptor stays a finding of its own beside {@code finding} when the finding is only raised, by a hedge that
     * is not a committing one ({@code descriptors_kept_when_hedged}): "blunting which may represent an effusion".
     */
    boolean keptWhenHedged(String descriptor, String finding) {
        return keptWhenHedged.getOrDefault(descriptor, java.util.Set.of()).contains(finding);
    }

    /** A committing hedge ("suggestive of") stands among words[from, to). */
    boolean committingHedgeIn(String[] words, int from, int to) {
        for (String[] h : committingHedges) {
            for (int k = Math.max(0, from); k + h.length <= Math.min(to, words.length); k++) {
                if (java.util.Arrays.equals(words, k, k + h.length, h, 0, h.length)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A mapping of keys to lists, as written ({@code descriptors}, {@code location.implied_zones}). */
    private static Map<String, java.util.Set<String>> texts(JsonNode mapping) {
        Map<String, java.util.Set<String>> out = new java.util.HashMap<>();
        mapping.fields().forEachRemaining(e -> {
            java.util.Set<String> values = new java.util.HashSet<>();
            e.getValue().forEach(x -> values.add(x.asText()));
            out.put(e.getKey(), values);
        });
        return out;
    }

    /** A list of words, folded as the tokenizer folds them. */
    private static java.util.Set<String> words(JsonNode list) {
        java.util.Set<String> out = new java.util.HashSet<>();
        list.forEach(x -> out.addAll(List.of(Tokens.phrase(x.asText()))));
        return out;
    }

    /**
     * The descriptor mention's own words rule {@code finding} out as what it describes ({@code descriptors_ruled_out_by}:
     * an "airspace" or "patchy" opacity is no interstitial opacity). Only the words of the mention's phrase count, not
     * the rest of its sentence ("bibasilar opacities, patchy in distribution" is not ruled out).
     */
    boolean ruledOut(String finding, String descriptorPhrase) {
        java.util.Set<String> words = ruledOutBy.get(finding);
        if (words == null) {
            return false;
        }
        for (String w : descriptorPhrase.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9]+")) {
            if (words.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** The first of words [from, to) that names a device's tip ({@code location.tip.tip_words}), or -1. */
    int firstTipWord(String[] w, int from, int to) {
        return first(tipWords, w, from, to);
    }

    /** The first of words [from, to) that starts a device's tip phrase (a tip word, "terminates"...), or -1. */
    int firstTipPhraseWord(String[] w, int from, int to) {
        return first(tipPhraseWords, w, from, to);
    }

    private static int first(java.util.Set<String> words, String[] w, int from, int to) {
        for (int k = Math.max(0, from); k < Math.min(to, w.length); k++) {
            if (words.contains(w[k])) {
                return k;
            }
        }
        return -1;
    }

    /** A regex is only tried on sentences holding one of its required words: most sentences skip most regexes. */
    private static java.util.Set<String> requires(JsonNode n) {
        java.util.Set<String> words = new java.util.HashSet<>();
        n.path("requires").forEach(w -> words.addAll(List.of(Tokens.phrase(w.asText()))));
        return words;
    }

    private void addAll(JsonNode list, Trigger t) {
        list.forEach(p -> triggers.add(p.asText(), t));
    }

    private static Pattern compile(String regex, String source) {
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new InputException(source + ": bad regular expression '" + regex + "': " + e.getDescription());
        }
    }

    private static volatile RuleSet defaultRules;

    public static RuleSet loadDefault() {
        RuleSet r = defaultRules;
        if (r == null) {
            try (InputStream in = RuleSet.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                r = parse(in.readAllBytes(), "bundled rules.yaml", true);
            } catch (IOException e) {
                throw new InputException("cannot read bundled rules: " + e.getMessage());
            }
            defaultRules = r;
        }
        return r;
    }

    /**
     * Reads and checks a rules file of the user's; its entity ids are checked when it meets an entity set
     * ({@link #checkEntities}, which every {@link ReportExtractor} calls).
     *
     * @throws InputException a one-line message naming the file, the key's path and the value
     */
    public static RuleSet load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException("rules file not found: " + file);
        } catch (IOException e) {
            throw new InputException("cannot read rules file " + file + ": " + e.getMessage());
        }
        return parse(bytes, file.toString(), false);
    }

    /** Checks and reads rules from bytes; {@code source} names them in messages. */
    static RuleSet parse(byte[] bytes, String source) {
        return parse(bytes, source, false);
    }

    private static RuleSet parse(byte[] bytes, String source, boolean bundled) {
        List<RulesSchema.EntityRef> refs = new ArrayList<>();
        JsonNode root = RulesSchema.read(bytes, source, refs);
        String hash = Hashing.sha256(bytes);
        List<String> filled = new ArrayList<>();
        if (bundled) {
            bundledTree = root;
        } else {
            root = RulesSchema.withBundledDefaults(root, bundledTree(), filled);
            if (!filled.isEmpty()) {
                // what the judge reads is the file and the bundled values it left out: the hash names both, so that
                // one file read with another release's defaults is not mistaken for the same rules
                hash = Hashing.sha256((hash + "\n" + bundledHash() + "\n" + String.join(",", filled))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        RulesSchema.keepAlternativesAsDifferentialWords(root, filled);
        RulesSchema.checkAcross(root, source, filled);
        return new RuleSet(root, hash, source, bundled, refs);
    }

    private static volatile JsonNode bundledTree;

    private static String bundledHash() {
        return loadDefault().hash();
    }

    /** The bundled file's tree (kept when it is read): where a user's file takes the keys it leaves out. */
    private static JsonNode bundledTree() {
        loadDefault();
        return bundledTree;
    }

    /**
     * Refuses a user's rules file that names an entity id outside {@code set}. The bundled file is not refused:
     * with a smaller custom set, its rules for the entities outside it are skipped.
     *
     * @throws InputException naming the file, the path of the first unknown id and the id
     */
    public void checkEntities(EntitySet set) {
        if (bundled) {
            return;
        }
        for (RulesSchema.EntityRef r : entityRefs) {
            if (!set.contains(r.id())) {
                String near = RulesSchema.nearest(r.id(), set.ids());
                throw new InputException(source + ": " + r.path() + ": unknown entity id '" + r.id() + "' (not in the entity set '"
                        + set.source() + "'" + (near == null ? "" : "; did you mean '" + near + "'?") + ")");
            }
        }
    }

    /** The distinct entity ids the file names, in file order. */
    public List<String> entityIds() {
        return entityRefs.stream().map(RulesSchema.EntityRef::id).distinct().toList();
    }

    /** True for the bundled rules file. */
    public boolean bundled() {
        return bundled;
    }

    /** Where the rules came from: the file as given, or "bundled rules.yaml". */
    public String source() {
        return source;
    }

    public String version() {
        return version;
    }

    /**
     * One row per section of the file: what it defines and how many entries.
     *
     * @param section the file's key ("negation", "location.tip")
     * @param entries phrases, patterns or statements in it
     * @param detail  a short breakdown ("87 before the entity, 38 after")
     */
    public record SummaryRow(String section, int entries, String detail) {
    }

    public List<SummaryRow> summary() {
        return summary;
    }

    private static List<SummaryRow> summarise(JsonNode root) {
        List<SummaryRow> rows = new ArrayList<>();
        for (String t : List.of("negation", "uncertainty", "hypothetical")) {
            int pre = root.path(t).path("pre").size(), post = root.path(t).path("post").size();
            rows.add(new SummaryRow(t, pre + post, "triggers: " + pre + " before the entity, " + post + " after"));
        }
        rows.add(new SummaryRow("attribution", root.path("attribution").size(), "phrases that commit to a reading"));
        rows.add(new SummaryRow("pseudo", root.path("pseudo").size(), "phrases that look like triggers and are not"));
        rows.add(new SummaryRow("termination", root.path("termination").size(), "phrases that end a trigger's scope"));
        java.util.Set<String> normalIds = new java.util.LinkedHashSet<>();
        root.path("normal").forEach(n -> n.path("entities").forEach(x -> normalIds.add(x.asText())));
        rows.add(new SummaryRow("normal", root.path("normal").size(), "normal statements, marking "
                + plural(normalIds.size(), "entity", "entities") + " negative"));
        java.util.Set<String> patternIds = new java.util.LinkedHashSet<>();
        root.path("patterns").forEach(n -> patternIds.add(n.path("entity").asText()));
        rows.add(new SummaryRow("patterns", root.path("patterns").size(), "mention patterns, for "
                + plural(patternIds.size(), "entity", "entities")));
        rows.add(new SummaryRow("descriptors", root.path("descriptors").size(), "findings each merges into: " + breakdown(root.path("descriptors"), " ")));
        rows.add(new SummaryRow("descriptors_in_phrase", root.path("descriptors_in_phrase").size(),
                "findings each merges into in its own phrase only: " + breakdown(root.path("descriptors_in_phrase"), " ")));
        rows.add(new SummaryRow("descriptors_ruled_out_by", root.path("descriptors_ruled_out_by").size(),
                "descriptor words that rule a finding out: " + breakdown(root.path("descriptors_ruled_out_by"), " ")));
        rows.add(new SummaryRow("descriptors_kept_when_hedged", root.path("descriptors_kept_when_hedged").path("descriptors").size(),
                "descriptors a hedged explanation leaves standing, unless by "
                        + plural(root.path("descriptors_kept_when_hedged").path("committing_hedges").size(), "committing hedge", "committing hedges")));
        rows.add(new SummaryRow("descriptors_in_report", root.path("descriptors_in_report").size(),
                "descriptors a finding stated anywhere in the report explains"));
        rows.add(new SummaryRow("continuations", root.path("continuations").size(),
                "phrases that open a sentence about the previous sentence's finding"));
        rows.add(new SummaryRow("blocked_phrases", root.path("blocked_phrases").size(),
                "phrases that look like a finding and name none"));
        JsonNode loc = root.path("location");
        rows.add(new SummaryRow("location.side", total(loc.path("side")), "phrases: " + breakdown(loc.path("side"), " ")));
        rows.add(new SummaryRow("location.zone", total(loc.path("zone")), "phrases: " + breakdown(loc.path("zone"), " ")
                + "; window " + loc.path("window").asInt() + " words"));
        int entityZoneCount = 0;
        for (JsonNode group : loc.path("entity_zones")) {
            entityZoneCount += total(group.path("zones"));
        }
        rows.add(new SummaryRow("location.entity_zones", entityZoneCount, "phrases of places read for "
                + plural(loc.path("entity_zones").size(), "group of entities", "groups of entities") + " only"));
        int entitySideCount = 0;
        for (JsonNode group : loc.path("entity_sides")) {
            entitySideCount += total(group.path("sides"));
        }
        rows.add(new SummaryRow("location.entity_sides", entitySideCount, "phrases of sides read for "
                + plural(loc.path("entity_sides").size(), "group of entities", "groups of entities") + " only"));
        rows.add(new SummaryRow("location.paired_sites", loc.path("paired_sites").path("sites").size(),
                "paired sites, both sides when written in the plural without a side"));
        rows.add(new SummaryRow("location.adjacent", loc.path("adjacent").path("words").size(),
                "words that give a finding the side of the finding before it, for "
                        + plural(loc.path("adjacent").path("entities").size(), "entity", "entities")));
        rows.add(new SummaryRow("location.implied_zones", loc.path("implied_zones").size(),
                "entities whose own zone alone is no location (" + (loc.path("implied_zones").isEmpty() ? "none"
                        : String.join(", ", (Iterable<String>) () -> loc.path("implied_zones").fieldNames())) + ")"));
        JsonNode tip = loc.path("tip");
        rows.add(new SummaryRow("location.tip", total(tip.path("sites")), "phrases of " + plural(tip.path("sites").size(), "tip site", "tip sites")
                + " for " + plural(tip.path("entities").size(), "device", "devices") + "; "
                + plural(tip.path("generic").size(), "generic device word", "generic device words")));
        JsonNode sev = root.path("severity");
        rows.add(new SummaryRow("severity", total(sev.path("levels")), "phrases by level: " + breakdown(sev.path("levels"), ": ")
                + "; window " + sev.path("window").asInt() + " words"));
        JsonNode cmp = root.path("comparison");
        int words = cmp.path("words").size(), not = cmp.path("not").size(), global = cmp.path("global").size();
        rows.add(new SummaryRow("comparison", words + not + global, plural(words, "word", "words") + ", "
                + plural(not, "look-alike", "look-alikes") + ", " + plural(global, "whole-study pattern", "whole-study patterns")));
        JsonNode sec = root.path("sections");
        if (!sec.isMissingNode()) {
            rows.add(new SummaryRow("sections", sec.path("headers").size(), "section headers; "
                    + plural(sec.path("not_findings").size(), "section", "sections") + " not read as findings"));
        }
        JsonNode sc = root.path("scope");
        if (!sc.isMissingNode()) {
            rows.add(new SummaryRow("scope", sc.size(), "triggers reach " + sc.path("before").asInt() + " words before a finding, "
                    + sc.path("after").asInt() + " after; list members at most " + sc.path("list_gap").asInt() + " words apart; "
                    + plural(sc.path("subjects").size(), "subject phrase", "subject phrases") + " start a clause"));
        }
        return List.copyOf(rows);
    }

    private static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static int total(JsonNode map) {
        int n = 0;
        for (JsonNode v : map) {
            n += v.size();
        }
        return n;
    }

    /** "right 8, left 7, bilateral 24". */
    private static String breakdown(JsonNode map, String between) {
        List<String> parts = new ArrayList<>();
        map.fields().forEachRemaining(e -> parts.add(e.getKey() + between + e.getValue().size()));
        return String.join(", ", parts);
    }

    public String hash() {
        return hash;
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new TreeMap<>();
        m.put("rules_version", version);
        m.put("rules_hash", hash);
        return m;
    }
}
