package org.speccxr.stats;

import org.speccxr.entity.Entity;
import org.speccxr.entity.EntitySet;
import org.speccxr.verdict.Alignment;
import org.speccxr.verdict.Comparison;
import org.speccxr.verdict.EntityVerdict;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Agreement of two verdict files over the same pairs: two judges, two runs, or a judge and a human annotation
 * written in the same format. Records are matched on (id, model, run) and normalised as the scorer normalises
 * them (unknown entities dropped, duplicates resolved, attributes of non-TP entries reset).
 *
 * <p>Counting:
 * <ul>
 *   <li><b>presence</b>: one item per matched record and entity listed by either file. Four categories: TP, FP,
 *       FN and <i>absent</i>. An entity a file does not list is absent, and so is one it lists as TN: both mean
 *       "positive in neither report", and scoring treats them alike. So TN against unlisted is an agreement, while
 *       TP, FP or FN against unlisted is a disagreement. Entities neither file lists are not counted (they would
 *       add an agreement for each of the 122 entities in every record).</li>
 *   <li><b>presence, positive on a side</b>: the same items without those both files call absent; the stricter
 *       number, not inflated by agreeing negatives.</li>
 *   <li><b>location</b> and <b>severity</b>: items both files call TP, for entities where the attribute applies;
 *       categories aligned / not-aligned / not-available.</li>
 *   <li><b>comparison</b>: items both files call TP; categories other / adding-unmentioned / missing-mentioned.</li>
 * </ul>
 * Agreement is the share of items on the diagonal; kappa is Cohen's kappa of the same table.
 */
public final class Agreement {
    private Agreement() {
    }

    public static final List<String> PRESENCE = List.of("TP", "FP", "FN", "absent");
    /** Categories of location and severity, indexed by {@link Alignment#ordinal()}. */
    public static final List<String> ALIGNMENT = java.util.Arrays.stream(Alignment.values()).map(Alignment::wire).toList();
    /** Categories of comparison, indexed by {@link Comparison#ordinal()}. */
    public static final List<String> COMPARISON = java.util.Arrays.stream(Comparison.values()).map(Comparison::wire).toList();

    /** A confusion table of one attribute (rows: file A, columns: file B). */
    public record Table(List<String> categories, long[][] confusion) {
        static Table of(List<String> categories) {
            return new Table(categories, new long[categories.size()][categories.size()]);
        }

        void add(int a, int b) {
            confusion[a][b]++;
        }

        void addAll(Table o) {
            for (int i = 0; i < confusion.length; i++) {
                for (int j = 0; j < confusion.length; j++) {
                    confusion[i][j] += o.confusion[i][j];
                }
            }
        }

        public long items() {
            long n = 0;
            for (long[] r : confusion) {
                for (long x : r) {
                    n += x;
                }
            }
            return n;
        }

        public long agreed() {
            long d = 0;
            for (int i = 0; i < confusion.length; i++) {
                d += confusion[i][i];
            }
            return d;
        }

        /** Share of items on the diagonal; NaN when there are none. */
        public double agreement() {
            return Kappa.agreement(confusion);
        }

        public double kappa() {
            return Kappa.cohen(confusion);
        }
    }

    /** All four attributes (and the positive-only presence) of one entity, or of all entities pooled. */
    public record Tables(Table presence, Table presencePositive, Table location, Table severity, Table comparison) {
        static Tables empty() {
            return new Tables(Table.of(PRESENCE), Table.of(PRESENCE), Table.of(ALIGNMENT), Table.of(ALIGNMENT), Table.of(COMPARISON));
        }

        void addAll(Tables o) {
            presence.addAll(o.presence);
            presencePositive.addAll(o.presencePositive);
            location.addAll(o.location);
            severity.addAll(o.severity);
            comparison.addAll(o.comparison);
        }
    }

    public record EntityAgreement(Entity entity, Tables tables) {
    }

    /**
     * @param matched  records present in both files
     * @param onlyA    records only in file A (not counted)
     * @param entities per entity listed by either file, in entity-set order
     */
    public record Result(int matched, int onlyA, int onlyB, Tables overall, List<EntityAgreement> entities) {
    }

    static String key(VerdictRecord r) {
        return r.id() + "\u0000" + r.model() + "\u0000" + r.run();
    }

    /** Thrown for a record (id, model, run) that appears twice in one file. */
    public static final class DuplicateRecord extends IllegalArgumentException {
        public final String which;

        DuplicateRecord(String which, VerdictRecord r) {
            super("record id '" + r.id() + "', model '" + r.model() + "', run " + r.run() + " appears more than once");
            this.which = which;
        }
    }

    public static Result compute(List<VerdictRecord> a, List<VerdictRecord> b, EntitySet set) {
        Map<String, VerdictRecord> bs = index(b, "B");
        Map<String, VerdictRecord> as = index(a, "A");
        Map<String, Tables> perEntity = new LinkedHashMap<>();
        set.ids().forEach(id -> perEntity.put(id, null));
        int matched = 0;
        for (Map.Entry<String, VerdictRecord> e : as.entrySet()) {
            VerdictRecord rb = bs.get(e.getKey());
            if (rb == null) {
                continue;
            }
            matched++;
            Map<String, EntityVerdict> va = verdicts(e.getValue(), set), vb = verdicts(rb, set);
            for (String id : set.ids()) {
                EntityVerdict x = va.get(id), y = vb.get(id);
                if (x == null && y == null) {
                    continue;
                }
                Tables t = perEntity.get(id);
                if (t == null) {
                    t = Tables.empty();
                    perEntity.put(id, t);
                }
                add(t, x, y, set.get(id));
            }
        }
        int onlyA = as.size() - matched;
        int onlyB = bs.size() - matched;
        Tables overall = Tables.empty();
        List<EntityAgreement> entities = new ArrayList<>();
        for (Map.Entry<String, Tables> e : perEntity.entrySet()) {
            if (e.getValue() != null) {
                overall.addAll(e.getValue());
                entities.add(new EntityAgreement(set.get(e.getKey()), e.getValue()));
            }
        }
        return new Result(matched, onlyA, onlyB, overall, entities);
    }

    private static Map<String, VerdictRecord> index(List<VerdictRecord> records, String which) {
        Map<String, VerdictRecord> m = new LinkedHashMap<>();
        for (VerdictRecord r : records) {
            if (m.put(key(r), r) != null) {
                throw new DuplicateRecord(which, r);
            }
        }
        return m;
    }

    private static Map<String, EntityVerdict> verdicts(VerdictRecord r, EntitySet set) {
        Map<String, EntityVerdict> m = new HashMap<>();
        for (EntityVerdict v : VerdictNormalizer.normalized(r, set).entities()) {
            m.put(v.entity(), v);
        }
        return m;
    }

    static int presence(EntityVerdict v) {
        if (v == null) {
            return 3;
        }
        return switch (v.presence()) {
            case TP -> 0;
            case FP -> 1;
            case FN -> 2;
            case TN -> 3;
        };
    }

    private static void add(Tables t, EntityVerdict x, EntityVerdict y, Entity e) {
        int pa = presence(x), pb = presence(y);
        t.presence.add(pa, pb);
        if (pa != 3 || pb != 3) {
            t.presencePositive.add(pa, pb);
        }
        if (pa == 0 && pb == 0) {
            if (e.location()) {
                t.location.add(x.location().ordinal(), y.location().ordinal());
            }
            if (e.severity()) {
                t.severity.add(x.severity().ordinal(), y.severity().ordinal());
            }
            t.comparison.add(x.comparison().ordinal(), y.comparison().ordinal());
        }
    }

    /** True when (id, model) pairs of A and B overlap although no (id, model, run) does: the runs differ. */
    public static boolean runsDiffer(List<VerdictRecord> a, List<VerdictRecord> b) {
        java.util.Set<String> ka = new java.util.HashSet<>();
        a.forEach(r -> ka.add(r.id() + "\u0000" + r.model()));
        return b.stream().anyMatch(r -> ka.contains(r.id() + "\u0000" + r.model()));
    }

    /** True when ids of A and B overlap although no (id, model) does: the model names differ. */
    public static boolean modelsDiffer(List<VerdictRecord> a, List<VerdictRecord> b) {
        java.util.Set<String> ka = new java.util.HashSet<>();
        a.forEach(r -> ka.add(r.id()));
        return b.stream().anyMatch(r -> ka.contains(r.id()));
    }
}
