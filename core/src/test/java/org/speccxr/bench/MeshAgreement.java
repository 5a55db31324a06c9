package org.speccxr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.io.TableReader;
import org.speccxr.judge.rules.Finding;
import org.speccxr.judge.rules.Mention;
import org.speccxr.judge.rules.ReportExtractor;
import org.speccxr.judge.rules.RuleSet;
import org.speccxr.judge.rules.Status;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules extraction's positive mentions against the human MeSH coding of the IU X-ray reports, per entity, on
 * the reports OUTSIDE NegBio's OpenI test split (the tuning side; the test split stays for the OpenI bench).
 * Report text = findings + impression; reports coded "No Indexing" and reports with no text are left out. The MeSH
 * -> entity mapping is data: {@code mesh-entities.yaml} beside this class's test resources.
 *
 * <p>Per mapped entity: gold positive = a MeSH term of the report maps to it; predicted positive = the extraction's
 * status for it is positive, or uncertain (hedged findings count as present, the judge's default). Recall =
 * TP / gold positives, precision = TP / predicted positives, over the same reports.
 *
 * <p>Usage: MeshAgreement [errors ENTITY [N]]: "errors" prints up to N (default 20) missed and spurious reports of
 * one entity with the sentences, to the terminal only.
 */
public final class MeshAgreement {
    private MeshAgreement() {
    }

    /** One pattern of the mapping: a heading and clauses on its qualifiers (each: any of, or none of, a list). */
    record Pattern(String heading, List<Set<String>> anyOf, List<Set<String>> noneOf, String text) {
        static Pattern parse(String text) {
            String[] parts = text.split("/");
            List<Set<String>> any = new ArrayList<>(), none = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                String clause = parts[i].strip();
                boolean negated = clause.startsWith("!");
                Set<String> values = new LinkedHashSet<>();
                for (String v : (negated ? clause.substring(1) : clause).split("\\|")) {
                    values.add(norm(v));
                }
                (negated ? none : any).add(values);
            }
            return new Pattern(norm(parts[0]), any, none, text);
        }

        boolean matches(Term t) {
            if (!t.heading().equals(heading)) {
                return false;
            }
            for (Set<String> clause : anyOf) {
                if (clause.stream().noneMatch(t.qualifiers()::contains)) {
                    return false;
                }
            }
            for (Set<String> clause : noneOf) {
                if (clause.stream().anyMatch(t.qualifiers()::contains)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One MeSH term of a report: "Opacity/lung/base/left" is heading "opacity" with four qualifiers. */
    record Term(String heading, Set<String> qualifiers) {
        static Term parse(String text) {
            String[] parts = text.split("/");
            Set<String> q = new LinkedHashSet<>();
            Arrays.stream(parts).skip(1).map(MeshAgreement::norm).filter(s -> !s.isEmpty()).forEach(q::add);
            return new Term(norm(parts[0]), q);
        }
    }

    static String norm(String s) {
        return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** The mapping, entity id -> its patterns, in file order. Every id must be in the bundled set. */
    static Map<String, List<Pattern>> mapping(EntitySet set) throws IOException {
        Map<String, List<Pattern>> out = new LinkedHashMap<>();
        try (InputStream in = MeshAgreement.class.getResourceAsStream("mesh-entities.yaml")) {
            if (in == null) {
                throw new IllegalStateException("mesh-entities.yaml not on the class path");
            }
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            root.get("entities").fields().forEachRemaining(e -> {
                if (!set.contains(e.getKey())) {
                    throw new IllegalStateException("mesh-entities.yaml: '" + e.getKey() + "' is not an entity of the bundled set");
                }
                List<Pattern> ps = new ArrayList<>();
                e.getValue().forEach(p -> ps.add(Pattern.parse(p.asText())));
                out.put(e.getKey(), ps);
            });
        }
        return out;
    }

    /** @param hedged predicted positives that are only uncertain mentions ("possible pneumonia") */
    public record EntityScore(String entity, int gold, int predicted, int tp, int hedged) {
        public double recall() {
            return gold == 0 ? Double.NaN : (double) tp / gold;
        }

        public double precision() {
            return predicted == 0 ? Double.NaN : (double) tp / predicted;
        }

        public double f1() {
            return gold + predicted == 0 ? Double.NaN : 2.0 * tp / (gold + predicted);
        }
    }

    /**
     * @param unmapped MeSH headings no pattern maps, with the number of reports that have them
     * @param errors   per entity, "missed" and "spurious" report ids (for the terminal listing)
     */
    public record Result(int reports, int leftOut, List<EntityScore> entities, Map<String, Integer> unmapped,
                         int microTp, int microGold, int microPredicted, int microTpCertain, int microPredictedCertain,
                         Map<String, Map<String, List<String>>> errors) {
    }

    public static Result run() throws IOException {
        EntitySet set = EntitySetLoader.loadDefault();
        Map<String, List<Pattern>> mapping = mapping(set);
        ReportExtractor extractor = new ReportExtractor(set, RuleSet.loadDefault());
        Set<String> test = OpenIGold.testIds();
        Map<String, int[]> counts = new LinkedHashMap<>();
        mapping.keySet().forEach(id -> counts.put(id, new int[4]));
        Map<String, Integer> unmapped = new TreeMap<>();
        Map<String, Map<String, List<String>>> errors = new LinkedHashMap<>();
        int reports = 0, leftOut = 0, tpCertain = 0, predictedCertain = 0;
        for (TableReader.Row r : TableReader.read(SharedData.raw().resolve("iu_xray_kaggle/indiana_reports.csv"), "reports").rows()) {
            String id = "CXR" + r.get("uid").strip();
            if (test.contains(id)) {
                continue; // never measure on the OpenI test split here
            }
            String text = ((r.get("findings") == null ? "" : r.get("findings")) + " "
                    + (r.get("impression") == null ? "" : r.get("impression"))).strip();
            String mesh = r.get("MeSH") == null ? "" : r.get("MeSH");
            if (text.isEmpty() || norm(mesh).equals("no indexing")) {
                leftOut++;
                continue;
            }
            reports++;
            Set<String> gold = new LinkedHashSet<>();
            Set<String> headings = new LinkedHashSet<>();
            for (String raw : mesh.split(";")) {
                if (raw.isBlank()) {
                    continue;
                }
                Term t = Term.parse(raw);
                boolean mapped = false;
                for (Map.Entry<String, List<Pattern>> e : mapping.entrySet()) {
                    if (e.getValue().stream().anyMatch(p -> p.matches(t))) {
                        gold.add(e.getKey());
                        mapped = true;
                    }
                }
                if (!mapped) {
                    headings.add(t.heading());
                }
            }
            headings.forEach(h -> unmapped.merge(h, 1, Integer::sum));
            Map<String, Finding> found = extractor.extract(text);
            for (Map.Entry<String, int[]> e : counts.entrySet()) {
                Finding f = found.get(e.getKey());
                boolean predicted = f != null && f.status() != Status.NEGATIVE;
                boolean certain = f != null && f.status() == Status.POSITIVE;
                boolean isGold = gold.contains(e.getKey());
                int[] c = e.getValue();
                c[0] += isGold ? 1 : 0;
                c[1] += predicted ? 1 : 0;
                c[2] += isGold && predicted ? 1 : 0;
                c[3] += predicted && !certain ? 1 : 0;
                predictedCertain += certain ? 1 : 0;
                tpCertain += certain && isGold ? 1 : 0;
                if (isGold != predicted) {
                    errors.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(isGold ? "missed" : "spurious", k -> new ArrayList<>()).add(id);
                }
            }
        }
        List<EntityScore> scores = new ArrayList<>();
        int tp = 0, g = 0, p = 0;
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            scores.add(new EntityScore(e.getKey(), c[0], c[1], c[2], c[3]));
            g += c[0];
            p += c[1];
            tp += c[2];
        }
        return new Result(reports, leftOut, scores, unmapped, tp, g, p, tpCertain, predictedCertain, errors);
    }

    /** Entities with at least this many MeSH positives are ranked (fewer make recall a coin toss). */
    static final int MIN_SUPPORT = 10;

    public static String format(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "IU X-ray reports outside the OpenI test split: %d measured (%d left out: no text or"
                + " \"No Indexing\"); %d entities mapped from MeSH%n%n", r.reports(), r.leftOut(), r.entities().size()));
        sb.append(String.format(Locale.ROOT, "%-30s %6s %6s %6s %6s %8s %9s %6s%n", "entity", "mesh", "rules", "hedged",
                "both", "recall", "precision", "f1"));
        List<EntityScore> sorted = new ArrayList<>(r.entities());
        sorted.sort(Comparator.comparingInt((EntityScore e) -> -e.gold()).thenComparing(EntityScore::entity));
        for (EntityScore e : sorted) {
            sb.append(String.format(Locale.ROOT, "%-30s %6d %6d %6d %6d %8s %9s %6s%n", e.entity(), e.gold(), e.predicted(),
                    e.hedged(), e.tp(), num(e.recall()), num(e.precision()), num(e.f1())));
        }
        sb.append("(mesh: reports whose MeSH terms map to the entity; rules: reports the extraction reads it present in,"
                + " hedged: of those, only as uncertain; both: in both)\n");
        sb.append(String.format(Locale.ROOT, "%nmicro over the mapped entities: recall %.3f, precision %.3f, F1 %.3f"
                        + " (uncertain counted positive); positive mentions only: recall %.3f, precision %.3f%n",
                (double) r.microTp() / r.microGold(), (double) r.microTp() / r.microPredicted(),
                2.0 * r.microTp() / (r.microGold() + r.microPredicted()),
                (double) r.microTpCertain() / r.microGold(), (double) r.microTpCertain() / r.microPredictedCertain()));
        List<EntityScore> ranked = r.entities().stream().filter(e -> e.gold() >= MIN_SUPPORT)
                .sorted(Comparator.comparingDouble(EntityScore::f1).reversed().thenComparing(EntityScore::entity)).toList();
        sb.append(String.format(Locale.ROOT, "%nby F1, entities with >= %d MeSH positives (%d):%n  top:    %s%n  bottom: %s%n",
                MIN_SUPPORT, ranked.size(), brief(ranked.subList(0, Math.min(5, ranked.size()))),
                brief(lastReversed(ranked, 5))));
        sb.append("\nunmapped MeSH headings (reports): ");
        List<Map.Entry<String, Integer>> un = new ArrayList<>(r.unmapped().entrySet());
        un.sort((a, b) -> b.getValue() != a.getValue().intValue() ? Integer.compare(b.getValue(), a.getValue()) : a.getKey().compareTo(b.getKey()));
        sb.append(String.join(", ", un.stream().map(e -> e.getKey() + " " + e.getValue()).toList())).append('\n');
        return sb.toString();
    }

    private static List<EntityScore> lastReversed(List<EntityScore> es, int n) {
        List<EntityScore> out = new ArrayList<>(es.subList(Math.max(0, es.size() - n), es.size()));
        java.util.Collections.reverse(out);
        return out;
    }

    private static String brief(List<EntityScore> es) {
        return String.join("; ", es.stream().map(e -> String.format(Locale.ROOT, "%s R %.2f P %.2f (%d)", e.entity(),
                e.recall(), e.precision(), e.gold())).toList());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Missed and spurious reports of one entity, with their MeSH and the extraction's mentions: terminal only. */
    static void printErrors(Result r, String entity, int n) throws IOException {
        EntitySet set = EntitySetLoader.loadDefault();
        ReportExtractor extractor = new ReportExtractor(set, RuleSet.loadDefault());
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (TableReader.Row row : TableReader.read(SharedData.raw().resolve("iu_xray_kaggle/indiana_reports.csv"), "reports").rows()) {
            rows.put("CXR" + row.get("uid").strip(), new String[]{row.get("MeSH"),
                    ((row.get("findings") == null ? "" : row.get("findings")) + " " + (row.get("impression") == null ? "" : row.get("impression"))).strip()});
        }
        Map<String, List<String>> e = r.errors().getOrDefault(entity, Map.of());
        for (String kind : List.of("missed", "spurious")) {
            List<String> ids = e.getOrDefault(kind, List.of());
            System.out.printf(Locale.ROOT, "%s %s: %d%n", entity, kind, ids.size());
            for (String id : ids.subList(0, Math.min(n, ids.size()))) {
                String[] row = rows.get(id);
                Finding f = extractor.extract(row[1]).get(entity);
                StringBuilder m = new StringBuilder();
                if (f != null) {
                    for (Mention x : f.mentions()) {
                        m.append("[").append(x.status()).append(" '").append(x.phrase()).append("'] ");
                    }
                }
                System.out.printf(Locale.ROOT, "  %s  MeSH: %s%n    %s%n    text: %s%n", id, row[0], m, row[1]);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (!SharedData.available()) {
            System.err.println(SharedData.MISSING);
            System.exit(1);
        }
        Result r = run();
        if (args.length >= 2 && args[0].equals("errors")) {
            printErrors(r, args[1], args.length > 2 ? Integer.parseInt(args[2]) : 20);
            return;
        }
        System.out.print(format(r));
    }
}
