package org.speccxr.metamorphic;

import com.fasterxml.jackson.databind.JsonNode;
import org.speccxr.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metamorphic generator's own words (the bundled {@code edit-vocabulary.yaml}): negation and hedge cues, sides,
 * severity words, comparison phrases and the findings it adds. The generator chooses and checks its edits with these,
 * never with a judge's extraction.
 */
public record EditVocabulary(Pattern negation, Pattern hedges, String negatedForm, Map<String, String> laterality,
                             Pattern sides, Pattern bothSides, Map<String, String> severity, Pattern severityWords,
                             Pattern comparison, String comparisonAdded, List<Addition> additions, Pattern anaphors) {
    /** A finding added to a report that does not mention it. */
    public record Addition(String entity, String sentence) {
    }

    public static EditVocabulary bundled() {
        try (InputStream in = EditVocabulary.class.getResourceAsStream("edit-vocabulary.yaml")) {
            if (in == null) {
                throw new IllegalStateException("edit-vocabulary.yaml missing from the jar");
            }
            return of(Json.YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EditVocabulary of(JsonNode y) {
        Map<String, String> lat = map(y.path("laterality"));
        Map<String, String> sev = map(y.path("severity"));
        List<Addition> adds = new ArrayList<>();
        for (JsonNode a : y.path("additions")) {
            adds.add(new Addition(a.path("entity").asText(), a.path("sentence").asText()));
        }
        return new EditVocabulary(words(list(y.path("negation"))), words(list(y.path("hedges"))),
                y.path("negated_form").asText("No {phrase}."), lat, words(new ArrayList<>(lat.keySet())),
                words(list(y.path("both_sides"))), sev, words(new ArrayList<>(sev.keySet())),
                words(list(y.path("comparison"))), y.path("comparison_added").asText("new"), List.copyOf(adds),
                list(y.path("anaphors")).isEmpty() ? Pattern.compile("(?!)")
                        : Pattern.compile("^\\W*" + words(list(y.path("anaphors"))).pattern(), Pattern.CASE_INSENSITIVE));
    }

    /** Whole-word, case-insensitive alternation, longest phrase first (so "again seen" wins over "again"). */
    public static Pattern words(List<String> phrases) {
        List<String> sorted = new ArrayList<>(phrases);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder sb = new StringBuilder("(?<![\\w-])(");
        for (int i = 0; i < sorted.size(); i++) {
            String p = Pattern.quote(sorted.get(i).toLowerCase(Locale.ROOT));
            sb.append(i > 0 ? "|" : "").append(p);
        }
        // a phrase that ends in a non-word character ("?") needs no boundary after it
        return Pattern.compile(sb.append(")(?:(?<=\\W)|(?![\\w-]))").toString(), Pattern.CASE_INSENSITIVE);
    }

    static int count(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    boolean denies(String sentence) {
        return negation.matcher(sentence).find() || hedges.matcher(sentence).find();
    }

    private static List<String> list(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static Map<String, String> map(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
        return out;
    }
}
