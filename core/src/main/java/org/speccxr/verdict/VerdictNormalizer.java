package org.speccxr.verdict;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns whatever a judge listed into the canonical verdicts, the same way for every judge:
 * <ul>
 *   <li>an entity id not in the set is dropped and counted as a warning;</li>
 *   <li>an entity listed more than once keeps the majority presence (ties: the presence seen first) and the
 *       attributes of the first entry with that presence (the paper's de-duplication);</li>
 *   <li>attributes of non-TP entries, and attributes that do not apply to the entity (location or severity
 *       false in the set), are reset to not-available/other, so nothing is penalised twice;</li>
 *   <li>entries are ordered as in the entity set, so records are stable whatever order a judge used.</li>
 * </ul>
 */
public final class VerdictNormalizer {
    private VerdictNormalizer() {
    }

    public record Result(List<EntityVerdict> entities, List<String> warnings) {
    }

    public static Result normalize(List<EntityVerdict> raw, EntitySet set) {
        List<String> warnings = new ArrayList<>();
        Map<String, List<EntityVerdict>> byEntity = new LinkedHashMap<>();
        for (EntityVerdict v : raw) {
            if (!set.contains(v.entity())) {
                warnings.add("unknown entity '" + v.entity() + "' dropped");
                continue;
            }
            byEntity.computeIfAbsent(v.entity(), k -> new ArrayList<>()).add(v);
        }
        List<EntityVerdict> out = new ArrayList<>(byEntity.size());
        for (Map.Entry<String, List<EntityVerdict>> e : byEntity.entrySet()) {
            List<EntityVerdict> entries = e.getValue();
            EntityVerdict chosen = entries.size() == 1 ? entries.get(0) : majority(entries);
            if (entries.size() > 1) {
                warnings.add("entity '" + e.getKey() + "' listed " + entries.size() + " times; kept " + chosen.presence());
            }
            out.add(clean(chosen, set.get(e.getKey())));
        }
        out.sort(Comparator.comparingInt(v -> set.ordinal(v.entity())));
        return new Result(out, warnings);
    }

    private static EntityVerdict majority(List<EntityVerdict> entries) {
        Map<Presence, Integer> counts = new EnumMap<>(Presence.class);
        Map<Presence, EntityVerdict> first = new EnumMap<>(Presence.class);
        Map<Presence, Integer> firstIndex = new EnumMap<>(Presence.class);
        for (int i = 0; i < entries.size(); i++) {
            EntityVerdict v = entries.get(i);
            counts.merge(v.presence(), 1, Integer::sum);
            first.putIfAbsent(v.presence(), v);
            firstIndex.putIfAbsent(v.presence(), i);
        }
        Presence best = null;
        for (Presence p : counts.keySet()) {
            if (best == null || counts.get(p) > counts.get(best)
                    || (counts.get(p).equals(counts.get(best)) && firstIndex.get(p) < firstIndex.get(best))) {
                best = p;
            }
        }
        return first.get(best);
    }

    private static EntityVerdict clean(EntityVerdict v, Entity entity) {
        boolean tp = v.presence() == Presence.TP;
        Alignment loc = tp && entity.location() ? v.location() : Alignment.NOT_AVAILABLE;
        Alignment sev = tp && entity.severity() ? v.severity() : Alignment.NOT_AVAILABLE;
        Comparison cmp = tp ? v.comparison() : Comparison.OTHER;
        if (loc == v.location() && sev == v.severity() && cmp == v.comparison()) {
            return v;
        }
        return v.withAttributes(loc, sev, cmp);
    }

    /** Builds the record for one pair and run from a judge's raw output. */
    public static VerdictRecord toRecord(String id, String model, int run, String judge, List<EntityVerdict> raw, EntitySet set) {
        return toRecord(id, model, run, judge, raw, List.of(), set);
    }

    /**
     * Builds a record that already has warnings (one read back from a file): the prior warnings, then those this
     * normalisation adds that are not among them. A record the runner wrote, read with the same set, normalises to
     * itself and keeps exactly its warnings.
     */
    public static VerdictRecord toRecord(String id, String model, int run, String judge, List<EntityVerdict> raw,
                                         List<String> priorWarnings, EntitySet set) {
        Result r = normalize(raw, set);
        List<String> warnings = r.warnings();
        if (!priorWarnings.isEmpty()) {
            Set<String> all = new LinkedHashSet<>(priorWarnings);
            all.addAll(r.warnings());
            warnings = new ArrayList<>(all);
        }
        return new VerdictRecord(id, model, run, judge, r.entities(), ErrorBreakdown.of(r.entities()).total(), warnings);
    }

    /**
     * The record itself when its entities are already normalised against {@code set} (the usual case: the runner
     * and the reader made it with this set), else the record normalised against it, its warnings kept. A check,
     * not a second normalisation, on the scoring path.
     */
    public static VerdictRecord normalized(VerdictRecord r, EntitySet set) {
        if (isNormalized(r.entities(), set)) {
            return r;
        }
        return toRecord(r.id(), r.model(), r.run(), r.judge(), r.entities(), r.warnings(), set);
    }

    /**
     * True when normalising would change nothing: every entity in the set, each once, in the set's order, and no
     * attribute on a non-TP entry or on an entity it does not apply to.
     */
    public static boolean isNormalized(List<EntityVerdict> entities, EntitySet set) {
        int last = -1;
        for (EntityVerdict v : entities) {
            if (!set.contains(v.entity())) {
                return false;
            }
            int o = set.ordinal(v.entity());
            if (o <= last) {
                return false;
            }
            last = o;
            if (clean(v, set.entities().get(o)) != v) {
                return false;
            }
        }
        return true;
    }
}
