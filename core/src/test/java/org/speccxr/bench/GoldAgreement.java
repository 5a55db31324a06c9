package org.speccxr.bench;

import org.speccxr.entity.EntitySet;
import org.speccxr.entity.EntitySetLoader;
import org.speccxr.io.PairReader;
import org.speccxr.io.VerdictIO;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeFactory;
import org.speccxr.judge.JudgeOptions;
import org.speccxr.judge.ReportPair;
import org.speccxr.run.Evaluation;
import org.speccxr.run.Runner;
import org.speccxr.stats.Agreement;
import org.speccxr.stats.KendallTau;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.ErrorBreakdown;
import org.speccxr.verdict.Presence;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules judge against the hand-annotated development gold ({@code ../shared/data/gold}: 90 real pairs in
 * {@code dev-pairs.csv}, their verdict records in {@code dev-gold.jsonl}).
 *
 * <p>Counting, the same as {@code ./spec-cxr agree} ({@link Agreement}): records are matched on (id, model, run) and
 * normalised as the scorer normalises them. An <b>item</b> is a (pair, entity) that the judge or the gold calls TP,
 * FP or FN; TN and "not listed" are both <i>absent</i>, so an item absent on both sides is not counted. Presence
 * agreement is the share of items whose value (TP, FP, FN, absent) is the same on both sides; kappa is Cohen's over
 * the same 4x4 table. Location, severity and comparison are compared on the items both call TP (location and
 * severity only for entities that have the attribute). Kendall tau-b is between the per-pair error counts (FP + FN +
 * not-aligned location and severity + comparison errors), the gold's recomputed from its normalised entries.
 *
 * <p>Usage: GoldAgreement [examples]. "examples" also prints every disagreement with both sides' evidence to the
 * terminal (report text: never into committed files). The judge's records go to bench-out/gold/judge.jsonl, so
 * {@code ./spec-cxr agree --a bench-out/gold/judge.jsonl --b ../shared/data/gold/dev-gold.jsonl} gives the same
 * overall table.
 */
public final class GoldAgreement {
    private GoldAgreement() {
    }

    /** The pairs file's {@code model} column names the source of each pair. */
    public static final List<String> SOURCES = List.of("mrg_rl", "moerad", "retrieval");

    public static Path goldDir() {
        return SharedData.raw().getParent().resolve("gold");
    }

    public static boolean available() {
        return Files.isRegularFile(goldDir().resolve("dev-pairs.csv")) && Files.isRegularFile(goldDir().resolve("dev-gold.jsonl"));
    }

    public static final String MISSING = "gold data not found at ../shared/data/gold (set SPEC_CXR_SHARED); skipping";

    /** The figures over one set of pairs (all, or one source). */
    public record Figures(String scope, int pairs, Agreement.Tables tables, double tauB) {
        public Agreement.Table presence() {
            return tables.presencePositive();
        }
    }

    /**
     * Where the judge and the gold disagree on one entity. Per report side: {@code missed} = the gold reads the entity
     * as present in that report and the judge does not; {@code spurious} = the reverse. One presence disagreement is
     * one or two side errors (TP against absent is both sides).
     */
    public record EntityDisagreement(String entity, long items, long presenceDisagreed, long referenceMissed,
                                     long referenceSpurious, long candidateMissed, long candidateSpurious,
                                     long locationDisagreed, long severityDisagreed, long comparisonDisagreed) {
        long attributesDisagreed() {
            return locationDisagreed + severityDisagreed + comparisonDisagreed;
        }
    }

    /**
     * @param goldCountMismatches gold records whose stated error_count differs from the count of their entries
     */
    public record Result(Figures overall, List<Figures> bySource, List<EntityDisagreement> entities,
                         int goldCountMismatches, List<VerdictRecord> judged, List<VerdictRecord> gold) {
    }

    public static Result run() throws IOException {
        return run(goldDir().resolve("dev-pairs.csv"), goldDir().resolve("dev-gold.jsonl"));
    }

    /** Against another gold of the same kind: its pairs file and its verdict records. */
    public static Result run(Path pairsFile, Path goldFile) throws IOException {
        EntitySet set = EntitySetLoader.loadDefault();
        List<ReportPair> pairs = PairReader.read(pairsFile);
        List<VerdictRecord> gold = VerdictIO.read(goldFile, set).records();
        Judge judge = JudgeFactory.create("rules", JudgeOptions.defaults(), set);
        Evaluation ev = new Runner(judge, set, 1, Runtime.getRuntime().availableProcessors()).run(pairs);
        if (!ev.failures().isEmpty()) {
            throw new IllegalStateException("the rules judge failed on " + ev.failures().size() + " pairs: " + ev.failures().get(0));
        }
        List<VerdictRecord> judged = ev.records();
        Figures overall = figures("all", judged, gold, set);
        List<Figures> bySource = new ArrayList<>();
        for (String source : SOURCES) {
            bySource.add(figures(source, judged.stream().filter(r -> r.model().equals(source)).toList(),
                    gold.stream().filter(r -> r.model().equals(source)).toList(), set));
        }
        int mismatches = (int) gold.stream().filter(r -> r.errorCount() != errors(r, set)).count();
        return new Result(overall, bySource, disagreements(judged, gold, set), mismatches, judged, gold);
    }

    static Figures figures(String scope, List<VerdictRecord> judged, List<VerdictRecord> gold, EntitySet set) {
        Agreement.Result a = Agreement.compute(judged, gold, set);
        Map<String, VerdictRecord> goldByKey = byKey(gold);
        List<Double> x = new ArrayList<>(), y = new ArrayList<>();
        for (VerdictRecord j : judged) {
            VerdictRecord g = goldByKey.get(key(j));
            if (g != null) {
                x.add((double) errors(j, set));
                y.add((double) errors(g, set));
            }
        }
        double tau = KendallTau.tauB(x.stream().mapToDouble(d -> d).toArray(), y.stream().mapToDouble(d -> d).toArray());
        return new Figures(scope, a.matched(), a.overall(), tau);
    }

    /** The error count of a record's normalised entries, as the scorer counts it. */
    static int errors(VerdictRecord r, EntitySet set) {
        return ErrorBreakdown.of(VerdictNormalizer.normalize(r.entities(), set).entities()).total();
    }

    static String key(VerdictRecord r) {
        return r.id() + "\u0000" + r.model() + "\u0000" + r.run();
    }

    static Map<String, VerdictRecord> byKey(List<VerdictRecord> records) {
        Map<String, VerdictRecord> m = new HashMap<>();
        records.forEach(r -> m.put(key(r), r));
        return m;
    }

    static Map<String, EntityVerdict> normalised(VerdictRecord r, EntitySet set) {
        Map<String, EntityVerdict> m = new LinkedHashMap<>();
        if (r != null) {
            VerdictNormalizer.normalize(r.entities(), set).entities().forEach(v -> m.put(v.entity(), v));
        }
        return m;
    }

    static boolean referencePositive(EntityVerdict v) {
        return v != null && (v.presence() == Presence.TP || v.presence() == Presence.FN);
    }

    static boolean candidatePositive(EntityVerdict v) {
        return v != null && (v.presence() == Presence.TP || v.presence() == Presence.FP);
    }

    static boolean positive(EntityVerdict v) {
        return referencePositive(v) || candidatePositive(v);
    }

    static List<EntityDisagreement> disagreements(List<VerdictRecord> judged, List<VerdictRecord> gold, EntitySet set) {
        Map<String, VerdictRecord> goldByKey = byKey(gold);
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (VerdictRecord j : judged) {
            Map<String, EntityVerdict> vj = normalised(j, set), vg = normalised(goldByKey.get(key(j)), set);
            for (String id : set.ids()) {
                EntityVerdict a = vj.get(id), b = vg.get(id);
                if (!positive(a) && !positive(b)) {
                    continue;
                }
                long[] c = counts.computeIfAbsent(id, k -> new long[9]);
                c[0]++;
                if (presence(a) != presence(b)) {
                    c[1]++;
                }
                c[2] += referencePositive(b) && !referencePositive(a) ? 1 : 0;
                c[3] += referencePositive(a) && !referencePositive(b) ? 1 : 0;
                c[4] += candidatePositive(b) && !candidatePositive(a) ? 1 : 0;
                c[5] += candidatePositive(a) && !candidatePositive(b) ? 1 : 0;
                if (a != null && b != null && a.presence() == Presence.TP && b.presence() == Presence.TP) {
                    c[6] += a.location() != b.location() ? 1 : 0;
                    c[7] += a.severity() != b.severity() ? 1 : 0;
                    c[8] += a.comparison() != b.comparison() ? 1 : 0;
                }
            }
        }
        List<EntityDisagreement> out = new ArrayList<>();
        counts.forEach((id, c) -> out.add(new EntityDisagreement(id, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8])));
        out.sort(Comparator.comparingLong((EntityDisagreement d) -> -(d.presenceDisagreed() + d.attributesDisagreed()))
                .thenComparing(EntityDisagreement::entity));
        return out;
    }

    /** TP, FP, FN, or "absent" for TN and not listed (the categories of {@link Agreement#PRESENCE}). */
    static String presence(EntityVerdict v) {
        return v == null || v.presence() == Presence.TN ? "absent" : v.presence().name();
    }

    public static String format(Result r, int topEntities) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "dev gold: %d pairs; presence items = (pair, entity) TP, FP or FN on either side%n%n",
                r.overall().pairs()));
        sb.append(String.format(Locale.ROOT, "%-10s %5s %6s %9s %6s %14s %14s %14s %6s%n", "scope", "pairs", "items",
                "presence", "kappa", "location", "severity", "comparison", "tau-b"));
        List<Figures> rows = new ArrayList<>(r.bySource());
        rows.add(0, r.overall());
        for (Figures f : rows) {
            sb.append(String.format(Locale.ROOT, "%-10s %5d %6d %9s %6s %14s %14s %14s %6s%n", f.scope(), f.pairs(),
                    f.presence().items(), pct(f.presence().agreement()), num(f.presence().kappa()),
                    frac(f.tables().location()), frac(f.tables().severity()), frac(f.tables().comparison()), num(f.tauB())));
        }
        sb.append("(location, severity, comparison: agreement over the items both call TP, count in brackets)\n");
        long[][] c = r.overall().presence().confusion();
        sb.append("\npresence confusion over the items (rows: rules judge, columns: gold; absent = TN or not listed):\n");
        sb.append(String.format(Locale.ROOT, "%-8s %6s %6s %6s %6s%n", "", "TP", "FP", "FN", "absent"));
        for (int i = 0; i < 4; i++) {
            sb.append(String.format(Locale.ROOT, "%-8s %6d %6d %6d %6d%n", Agreement.PRESENCE.get(i), c[i][0], c[i][1], c[i][2], c[i][3]));
        }
        sb.append('\n');
        attributeConfusion(sb, "location", r.overall().tables().location());
        attributeConfusion(sb, "severity", r.overall().tables().severity());
        attributeConfusion(sb, "comparison", r.overall().tables().comparison());
        long refMissed = 0, refSpurious = 0, candMissed = 0, candSpurious = 0;
        for (EntityDisagreement d : r.entities()) {
            refMissed += d.referenceMissed();
            refSpurious += d.referenceSpurious();
            candMissed += d.candidateMissed();
            candSpurious += d.candidateSpurious();
        }
        sb.append(String.format(Locale.ROOT, "%nper report side (the judge reads each report on its own): the gold reads a present entity the"
                        + " judge does not (missed): reference %d, candidate %d; the judge reads one the gold does not (spurious):"
                        + " reference %d, candidate %d%n", refMissed, candMissed, refSpurious, candSpurious));
        sb.append(String.format(Locale.ROOT, "%ntop %d entities by disagreements (presence + attributes):%n", topEntities));
        sb.append(String.format(Locale.ROOT, "%-30s %5s %8s %7s %8s %7s %8s %4s %4s %4s%n", "entity", "items", "presence",
                "ref.mis", "ref.spur", "cnd.mis", "cnd.spur", "loc", "sev", "cmp"));
        for (EntityDisagreement d : r.entities().subList(0, Math.min(topEntities, r.entities().size()))) {
            sb.append(String.format(Locale.ROOT, "%-30s %5d %8d %7d %8d %7d %8d %4d %4d %4d%n", d.entity(), d.items(),
                    d.presenceDisagreed(), d.referenceMissed(), d.referenceSpurious(), d.candidateMissed(),
                    d.candidateSpurious(), d.locationDisagreed(), d.severityDisagreed(), d.comparisonDisagreed()));
        }
        if (r.goldCountMismatches() > 0) {
            sb.append(String.format(Locale.ROOT, "%nnote: %d gold records state an error_count other than their entries'; tau-b uses the entries'%n",
                    r.goldCountMismatches()));
        }
        return sb.toString();
    }

    /** The off-diagonal cells of an attribute's table over the both-TP items: which values the two sides swap. */
    private static void attributeConfusion(StringBuilder sb, String name, Agreement.Table t) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < t.categories().size(); i++) {
            for (int j = 0; j < t.categories().size(); j++) {
                if (i != j && t.confusion()[i][j] > 0) {
                    cells.add(String.format(Locale.ROOT, "judge %s / gold %s %d", t.categories().get(i), t.categories().get(j),
                            t.confusion()[i][j]));
                }
            }
        }
        sb.append(String.format(Locale.ROOT, "%s disagreements (%d): %s%n", name, t.items() - t.agreed(),
                cells.isEmpty() ? "none" : String.join("; ", cells)));
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String frac(Agreement.Table t) {
        return t.items() == 0 ? "-" : pct(t.agreement()) + " (" + t.items() + ")";
    }

    /** Every disagreement with both sides' evidence: for the terminal only (the evidence is report text). */
    static String examples(Result r, EntitySet set) {
        Map<String, VerdictRecord> goldByKey = byKey(r.gold());
        Map<String, List<String>> byEntity = new TreeMap<>();
        for (VerdictRecord j : r.judged()) {
            Map<String, EntityVerdict> vj = normalised(j, set), vg = normalised(goldByKey.get(key(j)), set);
            for (String id : set.ids()) {
                EntityVerdict a = vj.get(id), b = vg.get(id);
                if (!positive(a) && !positive(b)) {
                    continue;
                }
                boolean presence = !presence(a).equals(presence(b));
                boolean attributes = a != null && b != null && a.presence() == Presence.TP && b.presence() == Presence.TP
                        && (a.location() != b.location() || a.severity() != b.severity() || a.comparison() != b.comparison());
                if (presence || attributes) {
                    byEntity.computeIfAbsent(id, k -> new ArrayList<>()).add(String.format(Locale.ROOT,
                            "  %s [%s] judge %s, gold %s%n      judge: ref \"%s\" | cand \"%s\"%n      gold:  ref \"%s\" | cand \"%s\"%s",
                            j.id(), j.model(), a == null ? "-" : a.toString(), b == null ? "-" : b.toString(),
                            evidence(a, EntityVerdict.REFERENCE_EVIDENCE), evidence(a, EntityVerdict.CANDIDATE_EVIDENCE),
                            evidence(b, EntityVerdict.REFERENCE_EVIDENCE), evidence(b, EntityVerdict.CANDIDATE_EVIDENCE),
                            b != null && b.extra().get("note") != null ? "\n      note: " + b.extra().get("note") : ""));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        byEntity.forEach((id, lines) -> {
            sb.append(id).append(" (").append(lines.size()).append(")\n");
            lines.forEach(l -> sb.append(l).append('\n'));
        });
        return sb.toString();
    }

    private static String evidence(EntityVerdict v, String field) {
        Object o = v == null ? null : v.extra().get(field);
        return o == null ? "" : o.toString();
    }

    /**
     * Usage: GoldAgreement [examples] [--pairs PAIRS.csv --gold GOLD.jsonl]; without --pairs/--gold, the dev gold.
     */
    public static void main(String[] args) throws IOException {
        List<String> a = List.of(args);
        int p = a.indexOf("--pairs"), g = a.indexOf("--gold");
        Result r;
        if (p >= 0 && g >= 0 && p + 1 < a.size() && g + 1 < a.size()) {
            r = run(Path.of(a.get(p + 1)), Path.of(a.get(g + 1)));
        } else if (!available()) {
            System.err.println(MISSING);
            System.exit(1);
            return;
        } else {
            r = run();
        }
        Path out = Path.of("bench-out", "gold");
        Files.createDirectories(out);
        VerdictIO.write(out.resolve("judge.jsonl"), List.of(), r.judged());
        if (args.length > 0 && args[0].equals("examples")) {
            System.out.print(examples(r, EntitySetLoader.loadDefault()));
            System.out.println();
        }
        System.out.print(format(r, 15));
        System.err.println("wrote the judge's records to " + out.resolve("judge.jsonl"));
    }
}
