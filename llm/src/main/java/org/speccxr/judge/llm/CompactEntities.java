package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.Group;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The compact rendering of an entity set for an LLM. The set's synonym lists are written for a phrase matcher, which
 * needs every inflection and word order ("lung are hyperexpanded", "hyper inflated"); an LLM does not. Per entity
 * this keeps its id, its name, the attributes judged, a definition where one is given, the phrasings that say it in
 * other words than the name's, and every exclude.
 * <p>
 * Words are compared after a light stemming. A synonym is left out when it shares a word with the entity's name or
 * id (an inflection, a reordering, or the name with a modifier: "hyperinflated lung", "loculated pleural effusion",
 * "pleural fluid"), or a distinctive word with a phrasing kept before it ("flattened hemidiaphragm" after
 * "flattened diaphragm", "hyperaerated" after "hyperaeration", "whiteout" after "white out"; generic words such as
 * "increased" or "lung" do not count). What stays are the phrasings an LLM would not map from the name alone
 * ("bronchovascular crowding" for low lung volumes, "meniscus sign" for pleural effusion), one per word family.
 */
final class CompactEntities {
    private CompactEntities() {
    }

    /** Function words and generic nouns that do not tell two phrasings apart. */
    private static final Set<String> STOPWORDS = Set.of("the", "of", "a", "an", "is", "are", "in", "on", "at", "to",
            "with", "within", "from", "by", "and", "or", "for", "as", "be", "there", "this", "that", "change", "process",
            "finding", "appearance", "sign", "like", "right", "left", "bilateral");

    private static final String[] SUFFIXES = {"izations", "ization", "ations", "ation", "ition", "ities", "ically",
            "ical", "ments", "ment", "ness", "ings", "ing", "ized", "ies", "ied", "ous", "ion", "ity", "ive", "ed", "es",
            "ic", "al", "s", "e", "y", "a"};

    /** Stems of words too generic to make two phrasings of an entity one: "increased density", "increased AP diameter". */
    private static final Set<String> GENERIC = stems("increased decreased lung pulmonary air opacity density disease"
            + " lesion tissue soft fluid mass abnormality");

    static String render(EntitySet set, Map<String, String> definitions) {
        StringBuilder sb = new StringBuilder(16_384);
        for (Group g : set.groups()) {
            List<Entity> members = set.inGroup(g.id());
            if (members.isEmpty()) {
                continue;
            }
            Entity first = members.get(0);
            // the legend says which groups hold diagnoses; a group that mixes kinds says it per line
            boolean oneKind = members.stream().allMatch(e -> e.kind() == first.kind())
                    && (first.kind() == Entity.Kind.DIAGNOSIS) == g.name().startsWith("Dx");
            // attributes the heading states for the whole group are not repeated on its lines
            String groupMarks = marks(first, false);
            boolean oneMarks = !groupMarks.isEmpty() && members.stream().allMatch(e -> marks(e, false).equals(groupMarks));
            sb.append("## ").append(g.name());
            if (oneMarks) {
                sb.append(" (all ").append(groupMarks).append(')');
            }
            sb.append('\n');
            for (Entity e : members) {
                line(sb, e, oneKind, oneMarks, definitions.get(e.id()));
            }
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** What of location and severity is not judged for {@code e}, with its kind first when asked; "" when both are. */
    private static String marks(Entity e, boolean withKind) {
        List<String> marks = new ArrayList<>(2);
        if (withKind) {
            marks.add(e.kind().label());
        }
        if (!e.location() && !e.severity()) {
            marks.add("presence only");
        } else if (!e.location()) {
            marks.add("no location");
        } else if (!e.severity()) {
            marks.add("no severity");
        }
        return String.join(", ", marks);
    }

    private static void line(StringBuilder sb, Entity e, boolean kindInHeading, boolean marksInHeading,
                             String definition) {
        sb.append(e.id());
        String name = nameBeyondId(e);
        if (!name.isEmpty()) {
            sb.append(": ").append(name);
        }
        String marks = marksInHeading ? (kindInHeading ? "" : e.kind().label()) : marks(e, !kindInHeading);
        if (!marks.isEmpty()) {
            sb.append(" [").append(marks).append(']');
        }
        if (definition != null && !definition.isBlank()) {
            sb.append(" = ").append(definition.strip());
        }
        List<String> kept = phrasings(e);
        if (!kept.isEmpty()) {
            sb.append("; also ").append(list(kept));
        }
        List<String> lookAlikes = lookAlikes(e);
        if (!lookAlikes.isEmpty()) {
            sb.append("; not ").append(list(lookAlikes));
        }
        sb.append('\n');
    }

    /**
     * The name without the alternatives the id already spells ("Pleural effusion" for pleural_effusion: nothing;
     * "Cardiomegaly / cardiac enlargement" for cardiomegaly: "... / cardiac enlargement").
     */
    static String nameBeyondId(Entity e) {
        String name = e.name().strip();
        String idWords = e.id().replace('_', ' ');
        if (name.equalsIgnoreCase(idWords)) {
            return "";
        }
        if (name.toLowerCase(Locale.ROOT).startsWith(idWords + " (")) {
            return "..." + name.substring(idWords.length());
        }
        String[] parts = name.split(" / ", -1);
        if (parts.length > 1 && parts[0].strip().equalsIgnoreCase(idWords)) {
            return "... / " + String.join(" / ", java.util.Arrays.copyOfRange(parts, 1, parts.length));
        }
        return name;
    }

    /** True when two phrases have the same words up to inflection and order. */
    static boolean sameWords(String a, String b) {
        return sameWords(stems(a), stems(b));
    }

    private static boolean sameWords(Set<String> a, Set<String> b) {
        return coveredBy(a, b) && coveredBy(b, a);
    }

    /** The excludes, less those that are another one's words inflected or reordered. */
    static List<String> lookAlikes(Entity e) {
        List<Set<String>> seen = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (String x : e.exclude()) {
            Set<String> stems = stems(x);
            if (seen.stream().anyMatch(s -> sameWords(s, stems))) {
                continue;
            }
            seen.add(stems);
            out.add(x);
        }
        return out;
    }

    /** Phrases joined by commas; one that holds a comma or a semicolon itself is quoted. */
    private static String list(List<String> phrases) {
        StringBuilder sb = new StringBuilder();
        for (String p : phrases) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(p.contains(",") || p.contains(";") ? '"' + p.replace("\"", "'") + '"' : p);
        }
        return sb.toString();
    }

    /** The synonyms of {@code e} that an LLM would not derive from its name and the phrasings kept before them. */
    static List<String> phrasings(Entity e) {
        Set<String> nameWords = new HashSet<>(stems(e.name()));
        nameWords.addAll(stems(e.id().replace('_', ' ')));
        List<String> keptJoined = new ArrayList<>();
        Set<String> keptWords = new HashSet<>();
        List<String> kept = new ArrayList<>();
        for (String synonym : e.synonyms()) {
            Set<String> stems = stems(synonym);
            if (stems.isEmpty() || abbreviates(synonym, e) || sharesWord(stems, nameWords) || sharesWord(Set.of(stem(letters(synonym))), nameWords)) {
                continue; // a wording of the name: an inflection, a reordering, or the name with a modifier
            }
            String joined = letters(synonym);
            if (sharesWord(distinctive(stems), keptWords) || coveredBy(Set.of(stem(joined)), keptWords)
                    || keptJoined.stream().anyMatch(k -> similar(k, joined))) {
                continue; // another wording of a phrasing already kept ("flattened hemidiaphragm", "whiteout")
            }
            kept.add(synonym);
            keptJoined.add(joined);
            keptWords.addAll(stems);
        }
        return kept;
    }

    /** The stems that tell a phrasing apart: without the generic words many phrasings of one entity share. */
    private static Set<String> distinctive(Set<String> stems) {
        Set<String> out = new HashSet<>(stems);
        out.removeIf(s -> GENERIC.stream().anyMatch(g -> similar(s, g)));
        return out;
    }

    /** An abbreviation ("GGO", "CHF", "CVC") made of the initials of the name or of one of the entity's synonyms. */
    static boolean abbreviates(String synonym, Entity e) {
        if (!synonym.matches("[A-Z]{2,6}")) {
            return false;
        }
        String abbreviation = synonym.toLowerCase(Locale.ROOT);
        List<String> phrases = new ArrayList<>(e.synonyms());
        phrases.add(e.name());
        phrases.addAll(List.of(e.name().split("[/()]")));
        for (String p : phrases) {
            StringBuilder initials = new StringBuilder();
            for (String w : p.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                if (!w.isEmpty() && !STOPWORDS.contains(w)) {
                    initials.append(w.charAt(0));
                }
            }
            if (initials.toString().equals(abbreviation)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sharesWord(Set<String> stems, Set<String> pool) {
        for (String s : stems) {
            for (String p : pool) {
                if (similar(s, p)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when every stem of {@code stems} is similar to one of {@code pool}. */
    private static boolean coveredBy(Set<String> stems, Set<String> pool) {
        for (String s : stems) {
            boolean found = false;
            for (String p : pool) {
                if (similar(s, p)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** Equal stems, or one the other plus a short ending ("hyperexpan"/"hyperexpand", "emphysema"/"emphysemat"). */
    static boolean similar(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        int n = Math.min(a.length(), b.length());
        int cp = 0;
        while (cp < n && a.charAt(cp) == b.charAt(cp)) {
            cp++;
        }
        return cp >= Math.min(5, n) && n >= 4 && cp >= n - 2 && Math.max(a.length(), b.length()) - cp <= 4;
    }

    static Set<String> stems(String phrase) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String w : spelling(phrase).split("[^a-z0-9']+")) {
            w = w.replace("'", "");
            if (w.isEmpty() || STOPWORDS.contains(w)) {
                continue;
            }
            out.add(stem(w));
        }
        return out;
    }

    private static String letters(String phrase) {
        return spelling(phrase).replaceAll("[^a-z0-9]", "");
    }

    /** Lower case, with British spellings folded to American ones ("oedema", "haemothorax", "cephalisation"). */
    private static String spelling(String phrase) {
        return phrase.toLowerCase(Locale.ROOT).replace("isation", "ization").replace("oe", "e").replace("ae", "e")
                .replaceAll("our\\b", "or");
    }

    /** A light suffix stripper: enough to fold inflections and derived forms of one word, not a real stemmer. */
    static String stem(String w) {
        for (int round = 0; round < 2; round++) {
            boolean cut = false;
            for (String suffix : SUFFIXES) {
                boolean latinEnding = suffix.equals("s") && (w.endsWith("ss") || w.endsWith("is") || w.endsWith("us"));
                if (w.endsWith(suffix) && w.length() - suffix.length() >= 4 && !latinEnding) {
                    w = w.substring(0, w.length() - suffix.length());
                    cut = true;
                    break;
                }
            }
            if (!cut) {
                break;
            }
        }
        return w;
    }

    /** Definitions by entity id, from the bundled YAML map. */
    static Map<String, String> definitions(String yaml) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            Map<String, String> out = new LinkedHashMap<>();
            if (root != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    out.put(f.getKey(), f.getValue().asText());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
