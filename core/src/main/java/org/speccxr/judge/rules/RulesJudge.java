package org.speccxr.judge.rules;

import org.speccxr.entity.EntitySet;
import org.speccxr.judge.Judge;
import org.speccxr.judge.JudgeInfo;
import org.speccxr.judge.JudgeOutput;
import org.speccxr.judge.ReportPair;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.Presence;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The embedded judge: extracts each report on its own with {@link ReportExtractor}, then compares the two.
 * No network, no model, deterministic. Presence: positive on both sides is TP, on the candidate only FP, on the
 * reference only FN; mentioned but positive on neither is TN. Uncertain mentions count as positive by default
 * ({@link Uncertain}). Location and severity are aligned when both sides state compatible values, not-aligned when
 * they conflict, not-available when either states none. Comparison: one side attaches comparison language and the
 * other does not.
 */
public final class RulesJudge implements Judge {

    /** How an uncertain mention ("possible effusion") counts for presence. */
    public enum Uncertain {
        POSITIVE, NEGATIVE;

        public static Uncertain parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "positive" -> POSITIVE;
                case "negative" -> NEGATIVE;
                default -> throw new IllegalArgumentException("--uncertain must be positive or negative (got '" + s + "')");
            };
        }
    }

    private final ReportExtractor extractor;
    private final RuleSet rules;
    private final Uncertain uncertain;
    private final JudgeInfo info;

    public RulesJudge(EntitySet set, RuleSet rules, Uncertain uncertain) {
        this.extractor = new ReportExtractor(set, rules);
        this.rules = rules;
        this.uncertain = uncertain;
        Map<String, Object> params = new LinkedHashMap<>(rules.describe());
        params.put("uncertain", uncertain.name().toLowerCase(Locale.ROOT));
        this.info = new JudgeInfo("rules", "rules", "", params, rules.hash());
    }

    public RulesJudge(EntitySet set) {
        this(set, RuleSet.loadDefault(), Uncertain.POSITIVE);
    }

    public ReportExtractor extractor() {
        return extractor;
    }

    @Override
    public JudgeInfo info() {
        return info;
    }

    @Override
    public JudgeOutput judge(ReportPair pair, int run) {
        Map<String, Finding> ref = extractor.extract(pair.reference());
        Map<String, Finding> cand = extractor.extract(pair.candidate());
        Set<String> ids = new HashSet<>(ref.keySet());
        ids.addAll(cand.keySet());
        List<EntityVerdict> out = new ArrayList<>(ids.size());
        for (String id : extractor.entitySet().ids()) {
            if (!ids.contains(id)) {
                continue;
            }
            // a descriptor a report states only as the description of a finding ("opacity, likely atelectasis") is
            // that finding, not an entity of its own (the gold lists only the specific finding)
            Finding r = standing(ref.get(id)), c = standing(cand.get(id));
            if (r == null && c == null) {
                continue;
            }
            boolean rp = positive(r), cp = positive(c);
            Presence p = rp && cp ? Presence.TP : cp ? Presence.FP : rp ? Presence.FN : Presence.TN;
            EntityVerdict v = p == Presence.TP
                    ? new EntityVerdict(id, p, location(r, c, rules.entityZoneNames, rules.impliedZones.getOrDefault(id, Set.of())),
                            severity(r, c, rules.severityCompatibleUpTo), comparison(r, c))
                    : EntityVerdict.of(id, p);
            Map<String, Object> evidence = new java.util.HashMap<>(4);
            if (r != null) {
                evidence.put(EntityVerdict.REFERENCE_EVIDENCE, r.evidence());
                evidence.put(EntityVerdict.REFERENCE_STATUS, r.status().name().toLowerCase(Locale.ROOT));
            }
            if (c != null) {
                evidence.put(EntityVerdict.CANDIDATE_EVIDENCE, c.evidence());
                evidence.put(EntityVerdict.CANDIDATE_STATUS, c.status().name().toLowerCase(Locale.ROOT));
            }
            out.add(v.withExtras(evidence));
        }
        return new JudgeOutput(out);
    }

    private static Finding standing(Finding f) {
        return f == null || !f.onlyExplaining().isEmpty() ? null : f;
    }

    private boolean positive(Finding f) {
        if (f == null) {
            return false;
        }
        return f.status() == Status.POSITIVE || (f.status() == Status.UNCERTAIN && uncertain == Uncertain.POSITIVE);
    }

    /**
     * Zones are compared within their kind: lung and other zones, tip sites ("tip:svc"), and the places
     * {@code location.entity_zones} reads ({@code entityZoneNames}: a rib's number and part). "Lower left ribs" and
     * "left 10th rib" name places of different kinds, so neither conflicts with the other.
     */
    static Alignment location(Finding r, Finding c, Set<String> entityZoneNames, Set<String> implied) {
        Set<String> rs = r.sides(), cs = c.sides();
        // zones the entity always has ("the spine" of spinal degeneration) are no location when neither says more
        if (rs.isEmpty() && cs.isEmpty() && implied.containsAll(r.zones()) && implied.containsAll(c.zones())) {
            return Alignment.NOT_AVAILABLE;
        }
        java.util.Map<String, Set<String>> rz = byKind(r.zones(), entityZoneNames), cz = byKind(c.zones(), entityZoneNames);
        boolean sideBoth = !rs.isEmpty() && !cs.isEmpty();
        boolean zoneBoth = rz.keySet().stream().anyMatch(cz::containsKey);
        if (!sideBoth && !zoneBoth) {
            return Alignment.NOT_AVAILABLE;
        }
        if (sideBoth && !rs.equals(cs)) {
            return Alignment.NOT_ALIGNED;
        }
        for (var kind : rz.entrySet()) {
            Set<String> other = cz.get(kind.getKey());
            if (other != null && kind.getValue().stream().noneMatch(other::contains)) {
                return Alignment.NOT_ALIGNED;
            }
        }
        return Alignment.ALIGNED;
    }

    private static java.util.Map<String, Set<String>> byKind(Set<String> zones, Set<String> entityZoneNames) {
        java.util.Map<String, Set<String>> out = new java.util.HashMap<>();
        for (String z : zones) {
            String kind = z.startsWith("tip:") ? "tip" : entityZoneNames.contains(z) ? "entity" : "zone";
            out.computeIfAbsent(kind, k -> new java.util.HashSet<>()).add(z);
        }
        return out;
    }

    /** Grades are aligned when they overlap, or when both lie at or below {@code compatibleUpTo} ("mild", "minimal"). */
    static Alignment severity(Finding r, Finding c, int compatibleUpTo) {
        Double rm = r.sizeMm(), cm = c.sizeMm();
        if (rm != null && cm != null) {
            double ratio = Math.max(rm, cm) / Math.max(1e-9, Math.min(rm, cm));
            return ratio <= 1.5 ? Alignment.ALIGNED : Alignment.NOT_ALIGNED;
        }
        Severity rs = r.severity(), cs = c.severity();
        if (rs == null || cs == null) {
            return Alignment.NOT_AVAILABLE;
        }
        return rs.overlaps(cs) || Math.max(rs.hi(), cs.hi()) <= compatibleUpTo ? Alignment.ALIGNED : Alignment.NOT_ALIGNED;
    }

    static Comparison comparison(Finding r, Finding c) {
        boolean rc = r.comparison(), cc = c.comparison();
        if (rc && !cc) {
            return Comparison.MISSING_MENTIONED;
        }
        if (cc && !rc) {
            return Comparison.ADDING_UNMENTIONED;
        }
        return Comparison.OTHER;
    }
}
