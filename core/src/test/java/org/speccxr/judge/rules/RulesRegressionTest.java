package org.speccxr.judge.rules;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.util.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinician-editable regression file {@code regression.yaml}: short reports, each with the complete expected
 * extraction (every entity the extractor reports, its status, and for a present or uncertain one its side, zone,
 * device tip, severity, size, comparison, and the finding it only describes). The whole extraction of a report is
 * compared, so an extra entity fails as surely as a missing one. A case marked {@code known_wrong} documents a gap:
 * it must still fail, so that a fix forces removing the mark.
 */
class RulesRegressionTest {
    static final String FILE = "regression.yaml";
    private static final EntitySet SET = EntitySetLoader.loadDefault();
    private static final ReportExtractor X = new ReportExtractor(SET, RuleSet.loadDefault());

    private static final Set<String> CASE_KEYS = Set.of("name", "report", "expect", "known_wrong", "reason");
    private static final Set<String> ENTRY_KEYS = Set.of("status", "side", "zone", "tip", "severity", "size_mm",
            "comparison", "explains");
    /** The severity scale of the rules judge, in words a clinician writes. */
    record Case(String name, String report, Map<String, String> expected, boolean knownWrong, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() throws IOException {
        JsonNode root;
        try (InputStream in = RulesRegressionTest.class.getResourceAsStream(FILE)) {
            root = Json.YAML.readTree(in);
        }
        List<Case> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode c : root.path("cases")) {
            String name = c.path("name").asText("");
            String where = FILE + ", case '" + name + "'";
            require(!name.isBlank(), FILE + ": a case without a name, after '" + (out.isEmpty() ? "" : out.get(out.size() - 1).name) + "'");
            require(names.add(name), where + ": the name is used twice");
            keys(c, CASE_KEYS, where);
            require(c.path("report").isTextual(), where + ": report must be text");
            require(c.path("expect").isObject(), where + ": expect must map entity ids to what is expected ({} for none)");
            Map<String, String> expected = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = c.path("expect").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                require(SET.contains(e.getKey()), where + ": unknown entity id '" + e.getKey() + "'");
                expected.put(e.getKey(), expected(e.getValue(), where + ", " + e.getKey()));
            }
            boolean knownWrong = c.path("known_wrong").asBoolean(false);
            require(!knownWrong || c.path("reason").isTextual(), where + ": known_wrong needs a one-line reason");
            require(knownWrong || !c.has("reason"), where + ": a reason without known_wrong: true");
            out.add(new Case(name, c.path("report").asText(), expected, knownWrong, c.path("reason").asText(null)));
        }
        require(!out.isEmpty(), FILE + ": no cases");
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theExtractionIsExactlyTheExpectedOne(Case c) {
        Map<String, String> actual = actual(c.report());
        if (c.knownWrong()) {
            assertThat(actual).as("'%s' is marked known_wrong (%s) but is now right: remove known_wrong and reason",
                    c.name(), c.reason()).isNotEqualTo(c.expected());
        } else {
            assertThat(actual).as("%s: %s", c.name(), c.report()).isEqualTo(c.expected());
        }
    }

    /** The comparison above can fail on an entity too many or too few, not only on a wrong status. */
    @Test
    void anExtraOrAMissingEntityIsADifference() throws IOException {
        Case c = cases().stream().filter(x -> !x.knownWrong() && x.expected().size() >= 2).findFirst().orElseThrow();
        Map<String, String> fewer = new TreeMap<>(c.expected());
        fewer.remove(fewer.keySet().iterator().next());
        Map<String, String> more = new TreeMap<>(c.expected());
        more.put("pneumoperitoneum", "positive");
        assertThat(actual(c.report())).isEqualTo(c.expected()).isNotEqualTo(fewer).isNotEqualTo(more);
    }

    @Test
    void theFileCoversWhatTheIssueAsks() throws IOException {
        List<String> names = cases().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        // each category with several cases, each named phrase with one at least
        for (String topic : List.of("clause", "resolved", "removed", "pseudo-negation", "hedge", "history", "indication",
                "list", "comparison", "normal statement", "device", "tip", "severity range")) {
            assertThat(names.stream().filter(n -> n.contains(topic)).count()).as("cases named for '%s'", topic)
                    .isGreaterThanOrEqualTo(3);
        }
        for (String phrase : List.of("\"no change\"", "\"not only\"", "\"no significant change\"", "\"but\"", "\"while\"",
                "semicolon", "new subject", "shared")) {
            assertThat(names).as("a case named for %s", phrase).anyMatch(n -> n.contains(phrase));
        }
    }

    /** One entity's expectation in the canonical form {@link #describe} gives the extraction. */
    private static String expected(JsonNode v, String where) {
        if (v.isTextual()) {
            return status(v.asText(), where);
        }
        require(v.isObject(), where + ": write a status (positive, negative, uncertain) or {status: ..., side: ...}");
        keys(v, ENTRY_KEYS, where);
        String status = status(v.path("status").asText(""), where);
        if (status.equals("negative")) {
            require(v.size() == 1, where + ": a negative entity has only a status (attributes of an absent finding are not"
                    + " scored, so they are not compared)");
            return status;
        }
        Set<String> sides = new TreeSet<>(strings(v.path("side")));
        if (sides.remove("both")) {
            sides.addAll(List.of("left", "right"));
        }
        Severity severity = v.has("severity") ? SeverityWords.parse(v.path("severity").asText()) : null;
        require(!v.has("severity") || severity != null, where + ": " + SeverityWords.hint());
        Double size = v.has("size_mm") ? v.path("size_mm").asDouble() : null;
        require(!v.has("size_mm") || v.path("size_mm").isNumber(), where + ": size_mm is a number");
        require(!v.has("comparison") || v.path("comparison").isBoolean(), where + ": comparison is true or false");
        return describe(status, sides, new TreeSet<>(strings(v.path("zone"))), new TreeSet<>(strings(v.path("tip"))),
                severity, size, v.path("comparison").asBoolean(false),
                new TreeSet<>(strings(v.path("explains"))));
    }

    static Map<String, String> actual(String report) {
        Map<String, String> out = new TreeMap<>();
        for (Finding f : X.extract(report).values()) {
            String status = f.status().name().toLowerCase(Locale.ROOT);
            if (f.status() == Status.NEGATIVE) {
                out.put(f.entity(), status);
                continue;
            }
            Set<String> zones = new TreeSet<>(), tips = new TreeSet<>();
            for (String z : f.zones()) {
                (z.startsWith("tip:") ? tips : zones).add(z.startsWith("tip:") ? z.substring(4) : z);
            }
            out.put(f.entity(), describe(status, new TreeSet<>(f.sides()), zones, tips, f.severity(), f.sizeMm(), f.comparison(),
                    new TreeSet<>(f.onlyExplaining())));
        }
        return out;
    }

    /** "positive side [right] zone [lower] severity 2 comparison": only what is stated, so a diff reads plainly. */
    private static String describe(String status, Set<String> sides, Set<String> zones, Set<String> tips, Severity sev,
                                   Double sizeMm, boolean comparison, Set<String> explains) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("side", sides.isEmpty() ? null : sides);
        parts.put("zone", zones.isEmpty() ? null : zones);
        parts.put("tip", tips.isEmpty() ? null : tips);
        parts.put("severity", sev == null ? null : sev.lo() == sev.hi() ? String.valueOf(sev.lo()) : sev.lo() + "-" + sev.hi());
        parts.put("size_mm", sizeMm == null ? null : String.format(Locale.ROOT, "%.1f", sizeMm));
        parts.put("comparison", comparison ? "yes" : null);
        parts.put("explains", explains.isEmpty() ? null : explains);
        StringBuilder sb = new StringBuilder(status);
        parts.forEach((k, x) -> {
            if (x != null) {
                sb.append(' ').append(k).append(' ').append(x);
            }
        });
        return sb.toString();
    }

    private static String status(String s, String where) {
        require(Set.of("positive", "negative", "uncertain").contains(s), where + ": status is positive, negative or uncertain, not '"
                + s + "'");
        return s;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else if (!n.isMissingNode() && !n.isNull()) {
            out.add(n.asText());
        }
        return out;
    }

    private static void keys(JsonNode n, Set<String> known, String where) {
        n.fieldNames().forEachRemaining(k -> require(known.contains(k), where + ": unknown key '" + k + "' (known: "
                + new TreeSet<>(known) + ")"));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
